/**
 * The README's speed table, written by `npm run bench` between two markers, so the figures a newcomer reads are
 * the last run's and never typed by hand.
 */

/** One line of the table: what was measured, the figure, the target. */
export interface HeadlineRow {
  what: string;
  measured: string;
  target: string;
}

const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';

/**
 * `readme` with the text between the bench markers replaced by a table of `rows` (an error when the markers are
 * missing: the table is never appended somewhere unexpected).
 *
 * @example
 * withSpeedTable(readme, '2026-12-02', [{ what: '`segment --help`', measured: '0.19 s', target: '< 1 s' }]);
 */
export function withSpeedTable(readme: string, date: string, rows: readonly HeadlineRow[]): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`bench: README.md has no ${START} … ${END} section`);
  const table = [
    `From one \`npm run bench\` run on ${date} (this project's 2-core machine; every figure and ratio in bench/results/latest.md):`,
    '',
    '| what | measured | target |',
    '| --- | ---: | ---: |',
    ...rows.map((r) => `| ${r.what} | ${r.measured} | ${r.target} |`),
  ].join('\n');
  return `${readme.slice(0, start + START.length)}\n\n${table}\n\n${readme.slice(end)}`;
}
