/** `segment assign --study <run-dir> <accounts file> [--out <dir>]`: new accounts under a frozen study's rules. */
import type { Command } from 'commander';
import type { AssignOptions } from '../actions/assign.ts';

/** Registers `assign`. */
export function registerAssign(program: Command): void {
  program
    .command('assign')
    .summary("score and place new accounts with a finished study's models, thresholds and owners")
    .description(
      [
        "Read a file of accounts (any format segment study reads, with the study's mapping), cleanse it with the",
        "study's rules and enrich it from its market file, then give each account the study's fit score and reasons,",
        'tier, size segment, persona, potential, ROAD quadrant (at the study thresholds), motion, queue and owner.',
        'An account already in the study (same id, or the domain of exactly one study account) keeps what the study',
        'knows from its other inputs (customer, spend, deals, engagement, value) and its owner and queue rep; a new',
        "one goes to its family's owner, else the least-loaded named rep of its quadrant (in its geography group),",
        "or the quadrant's pool. Refuses a run folder whose files fail their manifest. Writes assignments.csv (the",
        "study's segments.csv columns plus study_account_id) and crm-import.csv (the study's CRM fields).",
      ].join('\n'),
    )
    .argument('<accounts>', 'the accounts to assign (CSV, TSV, XLSX or Parquet)')
    .requiredOption('--study <run-dir>', 'a run folder written by segment study')
    .option('--out <dir>', 'folder to create for the assignment (default: out/assign-<file name>)')
    .addHelpText(
      'after',
      '\nExample:\n  segment assign --study out/2026-11 new-leads.csv --out out/assign-2026-12-02',
    )
    .action(async (file: string, options: AssignOptions) =>
      (await import('../actions/assign.ts')).runAssign(file, options),
    );
}
