/** `segment lookalike`: fit the lookalike logistic regression (docs/design.md §4). */
import type { Command } from 'commander';
import type { LookalikeOptions } from '../actions/lookalike.ts';

/** Registers `lookalike`. */
export function registerLookalike(program: Command): void {
  program
    .command('lookalike')
    .summary('fit the lookalike logistic regression (who looks like our customers?)')
    .description(
      [
        'Fit a logistic regression of <target> on the features and write the model JSON (and the fitted',
        'probability of every row with --scores). Coefficients are reported on the original feature scale;',
        'standardization is internal. Categoricals are one-hot with the first level in sorted order as',
        'reference (named col=level). --l2 0 is the plain maximum-likelihood fit (R glm); --l2 λ penalizes',
        'the standardized coefficients (scikit-learn StandardScaler + LogisticRegression(C = 1/λ)).',
      ].join('\n'),
    )
    .argument('<in>', 'training data (CSV, Parquet or .xlsx)')
    .requiredOption('--target <col>', 'the 0/1 (or won/lost, yes/no, true/false) column to predict')
    .requiredOption('--features <a,b>', 'numeric feature columns, comma-separated')
    .option('--categorical <c,d>', 'categorical feature columns (one-hot, first sorted level as reference)')
    .option('--id <col>', 'identifier column for --scores (default: row = 1-based input row)')
    .option('--l2 <lambda>', 'L2 penalty; 0 = plain maximum likelihood', '0')
    .option(
      '--missing <mode>',
      'rows with missing values: error (names the first), drop, impute (training medians; a missing category is its own level "Unknown")',
      'error',
    )
    .option('--positive <label>', 'the positive label of the target when it is not 1/true/yes/won/customer')
    .requiredOption('--out <model.json>', 'where to write the model')
    .option('--scores <csv>', 'also write the fitted probabilities')
    .addHelpText(
      'after',
      '\nExample:\n  segment lookalike accounts.csv --target is_customer --features log_employees,tech_fit --categorical industry --out lookalike.json',
    )
    .action(async (input: string, options: LookalikeOptions) =>
      (await import('../actions/lookalike.ts')).runLookalike(input, options),
    );
}
