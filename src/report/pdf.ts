/**
 * The report printed to PDF by Chromium (`segment report <run-dir> --pdf`): the page's print CSS puts each section
 * on a new A4 landscape page and never cuts a chart, a card or a table row; the footer numbers the pages.
 */
import { pathToFileURL } from 'node:url';
import { launchChromium } from './browser.ts';

const FOOTER =
  '<div style="font-family: sans-serif; font-size: 9px; color: #616e7c; width: 100%; text-align: center;">' +
  'page <span class="pageNumber"></span> of <span class="totalPages"></span></div>';

/**
 * Prints an HTML report (its charts rendered first) to a PDF file.
 *
 * @example
 * await printReportPdf('out/2026-11/report.html', 'out/2026-11/report.pdf');
 */
export async function printReportPdf(htmlPath: string, pdfPath: string): Promise<void> {
  const context = await launchChromium();
  try {
    const page = await context.newPage();
    await page.goto(pathToFileURL(htmlPath).href);
    await page.evaluate(() => (globalThis as unknown as { __chartsReady: Promise<unknown> }).__chartsReady);
    await page.emulateMedia({ media: 'print' });
    await page.pdf({
      path: pdfPath,
      printBackground: true,
      preferCSSPageSize: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: FOOTER,
    });
  } finally {
    await context.close();
  }
}
