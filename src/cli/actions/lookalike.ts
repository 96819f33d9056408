/** The work of `segment lookalike`: fit the lookalike logistic regression. */
import { writeFilesAtomically, type PendingFile } from '../../data/atomic-write.ts';
import { frameToCsv } from '../../data/csv-format.ts';
import { loadTable } from '../../data/load.ts';
import { LogisticRegression } from '../../models/logistic.ts';
import { parseList, parseMissing, parseNumber } from '../args.ts';
import { count, printResult, printWarnings } from '../output.ts';
import { scoresFrame } from './score-output.ts';

/** The options of `segment lookalike`. */
export interface LookalikeOptions {
  target: string;
  features: string;
  categorical?: string;
  id?: string;
  l2: string;
  missing: string;
  positive?: string;
  out: string;
  scores?: string;
}

/**
 * Runs `segment lookalike`.
 *
 * @example
 * await runLookalike('accounts.csv', { target: 'is_customer', features: 'log_employees', l2: '0', missing: 'error', out: 'lookalike.json' });
 */
export async function runLookalike(input: string, options: LookalikeOptions): Promise<void> {
  const features = parseList(options.features, '--features');
  const categorical =
    options.categorical === undefined ? [] : parseList(options.categorical, '--categorical');
  const l2 = parseNumber(options.l2, '--l2', { min: 0 });
  const missing = parseMissing(options.missing);
  const { frame, warnings: loadWarnings } = await loadTable(input, {
    textColumns: [...categorical, ...(options.id ? [options.id] : [])],
  });
  const model = new LogisticRegression({ l2 }).fit(frame, {
    target: options.target,
    features,
    categorical,
    missing,
    file: input,
    ...(options.positive === undefined ? {} : { positive: options.positive }),
  });
  const json = model.toJSON();
  const files: PendingFile[] = [{ path: options.out, content: `${JSON.stringify(json, null, 2)}\n` }];
  if (options.scores !== undefined) {
    const { probability } = model.predictProba(frame, { file: input });
    files.push({
      path: options.scores,
      content: frameToCsv(scoresFrame(frame, options.id, 'probability', probability, input)),
    });
  }
  await writeFilesAtomically(files);
  printWarnings([...loadWarnings, ...model.warnings], true);
  const m = json.metrics;
  printResult(
    `fitted the lookalike model on ${count(m.n)} rows (${count(m.positives)} positive): AUC ${m.auc.toFixed(3)}, log loss ${m.logLoss.toFixed(4)}; ${json.converged ? `converged in ${json.iterations} iterations` : 'did NOT converge'}; wrote ${files.map((f) => f.path).join(', ')}`,
  );
}
