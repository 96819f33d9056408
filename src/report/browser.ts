/**
 * A headless Chromium for the report's browser checks and PDF printing, with nothing installed by hand: the
 * system's `/usr/bin/chromium` (Debian `chromium`) when present, else the Chromium that ships inside the npm
 * package `@sparticuz/chromium` (unpacked to the temporary folder on first use; it needs libnss3 and libnspr4).
 */
import { existsSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';

/** The system Chromium, used when it exists. */
export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * The Chromium executable: `/usr/bin/chromium` when present, else the one unpacked from `@sparticuz/chromium`.
 * `SEGMENT_CHROMIUM=npm` forces the npm one (to test the path a fresh machine takes).
 *
 * @example
 * await chromiumExecutable(); // '/usr/bin/chromium' or '/tmp/chromium'
 */
export async function chromiumExecutable(): Promise<{ path: string; source: 'system' | 'npm' }> {
  if (process.env.SEGMENT_CHROMIUM !== 'npm' && existsSync(SYSTEM_CHROMIUM))
    return { path: SYSTEM_CHROMIUM, source: 'system' };
  const { default: chromium } = await import('@sparticuz/chromium');
  return { path: await chromium.executablePath(), source: 'npm' };
}

/**
 * Launches a headless Chromium with a fresh profile (no network services, no first-run UI).
 *
 * @example
 * const context = await launchChromium();
 * const page = await context.newPage();
 */
export async function launchChromium(): Promise<BrowserContext> {
  const { chromium } = await import('playwright-core');
  const { path } = await chromiumExecutable();
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'segment-chromium-')), {
    executablePath: path,
    args: FLAGS,
  });
}
