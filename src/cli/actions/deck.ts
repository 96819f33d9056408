/** The work of `segment deck`: the executive deck of a run folder. */
import { join } from 'node:path';
import { writeFilesAtomically } from '../../data/atomic-write.ts';
import { buildDeck } from '../../report/deck.ts';
import { printResult } from '../output.ts';

/**
 * Runs `segment deck`.
 *
 * @example
 * await runDeck('out/2026-11', { out: 'board.pptx' });
 */
export async function runDeck(dir: string, options: { out?: string }): Promise<void> {
  const out = options.out ?? join(dir, 'deck.pptx');
  await writeFilesAtomically([{ path: out, content: await buildDeck(dir) }]);
  printResult(`wrote ${out}`);
}
