/** `segment deck <run-dir> [--out deck.pptx]`: the executive deck of a run folder, as PowerPoint. */
import type { Command } from 'commander';

/** Registers `deck`. */
export function registerDeck(program: Command): void {
  program
    .command('deck')
    .summary('write the executive deck of a run folder (PowerPoint)')
    .description(
      'Check a run folder against its manifest, then write a PowerPoint deck: title, executive summary, ROAD\nquadrant cards, one slide per key chart (its takeaway as the title), top accounts per quadrant, what changed\nsince the previous run, and method notes. The same run folder always gives the same bytes.',
    )
    .argument('<run-dir>', 'a run folder written by segment study')
    .option('--out <deck.pptx>', 'where to write the deck (default: <run-dir>/deck.pptx)')
    .addHelpText('after', '\nExample:\n  segment deck out/2026-11 --out board-review.pptx')
    .action(async (dir: string, options: { out?: string }) =>
      (await import('../actions/deck.ts')).runDeck(dir, options),
    );
}
