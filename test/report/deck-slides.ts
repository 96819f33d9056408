/** Reads a .pptx as the zip it is: each slide's texts, the PNG images and the native tables. */
import JSZip from 'jszip';

/** The texts of each slide (in order), and how many PNG images and native tables the deck holds. */
export async function slides(
  bytes: Uint8Array,
): Promise<{ texts: string[][]; images: number; tables: number }> {
  const zip = await JSZip.loadAsync(bytes);
  const names = Object.keys(zip.files)
    .filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n))
    .sort((a, b) => Number(/\d+/.exec(a)?.[0]) - Number(/\d+/.exec(b)?.[0]));
  const xml = await Promise.all(names.map((n) => (zip.files[n] as JSZip.JSZipObject).async('string')));
  return {
    texts: xml.map((x) => [...x.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => m[1] as string)),
    images: Object.keys(zip.files).filter((n) => /^ppt\/media\/.*\.png$/.test(n)).length,
    tables: xml.reduce((s, x) => s + (x.match(/<a:tbl>/g)?.length ?? 0), 0),
  };
}
