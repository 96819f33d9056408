/**
 * The one look every chart shares: Source Sans 3 (shipped with the `source-sans` package, so PNGs render the
 * same on every machine), a calm palette with the four ROAD colours, money as $1.2M / €3.4B in the study's currency, titles that
 * state the takeaway and a caption underneath, and a 16:9 slide size.
 */
import { currencySymbol } from '../core/format.ts';
import type { Config } from 'vega-lite';

/** The font family the charts use. */
export const FONT = 'Source Sans 3';

/** ROAD quadrant colours: Develop green, Retain blue, Acquire orange, Opportunistic grey. */
export const ROAD_COLORS: Readonly<Record<'Develop' | 'Retain' | 'Acquire' | 'Opportunistic', string>> = {
  Develop: '#1b7837',
  Retain: '#2166ac',
  Acquire: '#d9730d',
  Opportunistic: '#8a8f98',
};

/**
 * Categorical palette for everything but quadrants: no hue of {@link ROAD_COLORS}, so green, blue and orange
 * always mean Develop, Retain and Acquire (never spend, a size segment or "stable").
 */
export const PALETTE = [
  '#5b3f8c', // purple
  '#00838f', // teal
  '#c49a00', // mustard
  '#ad1457', // rose
  '#6d4c41', // brown
  '#455a64', // slate
  '#9575cd', // lavender
  '#827717', // olive
];

/** Ink colours. */
export const INK = { text: '#1f2933', muted: '#616e7c', grid: '#e4e7eb', accent: '#c0392b' };

/** Slide-sized plot area (the PNG is rendered at 2× for a 1920 × 1080 slide). */
export const SLIDE = { width: 860, height: 400 };

/** The Vega-Lite config of the theme. */
export const THEME: Config = {
  font: FONT,
  background: '#ffffff',
  padding: 16,
  aria: false,
  view: { stroke: null },
  title: {
    font: FONT,
    fontSize: 22,
    fontWeight: 600,
    color: INK.text,
    anchor: 'start',
    subtitleFont: FONT,
    subtitleFontSize: 14,
    subtitleColor: INK.muted,
    subtitlePadding: 6, // the title's descenders clear the subtitle's first line
    offset: 12,
  },
  axis: {
    labelFont: FONT,
    titleFont: FONT,
    labelFontSize: 12,
    titleFontSize: 13,
    titleFontWeight: 600,
    labelColor: INK.muted,
    titleColor: INK.text,
    gridColor: INK.grid,
    domainColor: '#9aa5b1',
    tickColor: '#9aa5b1',
  },
  legend: {
    labelFont: FONT,
    titleFont: FONT,
    labelFontSize: 12,
    titleFontSize: 13,
    titleFontWeight: 600,
    labelColor: INK.text,
    titleColor: INK.text,
    titlePadding: 8, // a gradient legend's top label clears its title
  },
  header: { labelFont: FONT, titleFont: FONT },
  text: { font: FONT },
  range: { category: PALETTE },
};

/**
 * The theme with the study's currency as the number locale's, so a tooltip's `$,.0f` writes €, £ or "SEK "
 * (d3-format's `$` is the locale's currency symbol) — money is never shown with a dollar sign it does not have.
 *
 * @example
 * themeFor('EUR').locale?.number?.currency; // ['€', '']
 */
export function themeFor(currency: string): Config {
  return {
    ...THEME,
    locale: {
      number: { decimal: '.', thousands: ',', grouping: [3], currency: [currencySymbol(currency), ''] },
    },
  };
}

/**
 * Splits text into lines that fit `width` pixels by Vega's server-side estimate (0.8 × font size per
 * character; without a canvas Vega estimates text width, and a long line would widen the whole chart).
 *
 * @example
 * wrapText('a long subtitle …', 14, 860); // ['a long subtitle …'] or several lines
 */
export function wrapText(text: string, fontSize: number, width: number): string[] {
  const max = Math.max(20, Math.floor(width / (0.8 * fontSize)));
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > max) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

/**
 * A chart title (the takeaway) and subtitle lines, wrapped to `width` pixels.
 *
 * @example
 * titleBlock('Information accounts are 2× as common among customers', 'Lift by industry …', 860);
 */
export function titleBlock(
  title: string,
  subtitle: string | readonly string[],
  width: number = SLIDE.width,
): { text: string[]; subtitle: string[] } {
  const sub = (typeof subtitle === 'string' ? [subtitle] : subtitle).flatMap((s) => wrapText(s, 14, width));
  return { text: wrapText(title, 22, width), subtitle: sub };
}
