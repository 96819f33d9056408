/**
 * `segment init`: looks at a user's exports, says what each is and how it will be read, and writes a complete
 * study config. What it cannot decide (two files of one kind, stage values it does not know) becomes a question
 * in its output instead of a guess.
 */
import { basename, dirname, relative, resolve } from 'node:path';
import { SegmentError, UsageError } from '../../core/errors.ts';
import { currencyCode } from '../../cleanse/currency.ts';
import { formatCount } from '../../core/format.ts';
import { loadTable } from '../../data/load.ts';
import { mapHeaders } from '../../cleanse/headers.ts';
import { assembleUniverse, DEFAULT_MONEY, type StudyInputs } from '../../segment/assemble.ts';
import { statusCustomers, DEFAULT_CUSTOMER_STATUS } from '../../segment/inputs/customer-status.ts';
import { DEAL_HEADERS, stageColumn, stageStatus } from '../../segment/inputs/deals.ts';
import { findHeader } from '../../data/schema.ts';
import { categoricalFeatureCandidates, leakyFeatures, numericFeatureCandidates } from '../features.ts';
import { columnRoles, isFitRole } from '../../segment/column-roles.ts';
import { proposeColumns } from './column-proposals.ts';
import { identifyFile, type Identification, type InputRole } from './identify.ts';

/** What {@link initStudy} found and wrote. */
export interface InitResult {
  /** The study config, paths relative to the config file's folder. */
  config: Record<string, unknown>;
  /** What each file is and how it will be read, one line each. */
  findings: string[];
  /** What the user must decide; empty when the config runs as it is. */
  questions: string[];
}

interface Inspected {
  path: string;
  rows: number;
  headers: string[];
  identification: Identification | null;
}

async function inspect(path: string): Promise<Inspected> {
  const { frame } = await loadTable(path);
  return { path, rows: frame.numRows, headers: frame.columnNames, identification: identifyFile(frame) };
}

/** Two account-like files: the one without a CRM id (or with a vendor signature) is the market file. */
function resolveAccounts(files: Inspected[]): void {
  const accountLike = files.filter((f) => f.identification?.role === 'accounts');
  if (accountLike.length !== 2 || files.some((f) => f.identification?.role === 'market')) return;
  const withoutId = accountLike.filter((f) => {
    try {
      return mapHeaders(f.headers).source.account_id === undefined;
    } catch {
      return false;
    }
  });
  if (withoutId.length === 1) {
    const market = withoutId[0] as Inspected;
    market.identification = {
      role: 'market',
      system: null,
      evidence: 'account-like file without a CRM id column',
    };
  }
}

async function stageFindings(path: string): Promise<{ findings: string[]; questions: string[] }> {
  const { frame } = await loadTable(path, { allText: true });
  const stage = stageColumn(frame);
  if (stage === null) return { findings: [], questions: [] };
  const counts = new Map<string, number>();
  for (const v of frame.strings(stage)) if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
  const by = { won: [] as string[], lost: [] as string[], open: [] as string[] };
  for (const [value, n] of [...counts].sort((a, b) => b[1] - a[1]))
    by[stageStatus(value)].push(`${value} (${formatCount(n)})`);
  const findings = [
    `  stages in "${stage}": won = ${by.won.join(', ') || 'none'}; lost = ${by.lost.join(', ') || 'none'}; open = ${by.open.join(', ') || 'none'}`,
  ];
  if (by.open.length > 0)
    findings.push(
      '  (a stage read as open that means won or lost goes in mapping.opportunities.wonStages or lostStages)',
    );
  const questions =
    by.won.length === 0
      ? [
          `no value of "${stage}" reads as won (${[...counts.keys()].slice(0, 8).join(', ')}): name the won stages in mapping.opportunities.wonStages`,
        ]
      : [];
  return { findings, questions };
}

/**
 * The currencies of the deals file's currency column: the study reports in the most used one, and the others
 * need rates (`fx`), which init asks for rather than guesses.
 */
async function currencyFindings(
  path: string,
): Promise<{ currency: string | null; findings: string[]; questions: string[] }> {
  const { frame } = await loadTable(path, { allText: true });
  const column = findHeader(frame, DEAL_HEADERS.currency);
  if (column === null) return { currency: null, findings: [], questions: [] };
  const counts = new Map<string, number>();
  frame.strings(column).forEach((v, i) => {
    const code = currencyCode(v, { file: path, row: i + 1, column });
    if (code !== null) counts.set(code, (counts.get(code) ?? 0) + 1);
  });
  const ranked = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const currency = ranked[0]?.[0] ?? null;
  if (currency === null) return { currency: null, findings: [], questions: [] };
  const others = ranked.slice(1).map(([c]) => c);
  const listed = ranked.map(([c, n]) => `${c} (${formatCount(n)})`).join(', ');
  return {
    currency,
    findings: [`  currencies in "${column}": ${listed}; the study reports in ${currency} (key currency)`],
    questions:
      others.length === 0
        ? []
        : [
            `deals are also in ${others.join(', ')}: add the ${currency} value of one unit of each to the config, e.g. "fx": { ${others.map((c) => `"${c}": <rate>`).join(', ')} }`,
          ],
  };
}

/** The study config's proposal, or — when the inputs cannot be read together yet — the reason as a question. */
async function proposeOrAsk(
  inputs: Record<string, string>,
  base: string,
  findings: string[],
  currency: string | null,
) {
  try {
    return await proposeConfig(inputs, base, findings, currency);
  } catch (error) {
    if (!(error instanceof SegmentError)) throw error;
    return {
      config: { name: 'My segmentation study', ...(currency === null ? {} : { currency }), inputs },
      questions: [`the study cannot read the inputs yet: ${error.message}`],
    };
  }
}

/**
 * Inspects the files and proposes a study config written next to `configPath`.
 *
 * @example
 * const { config, questions } = await initStudy(['companies.csv', 'deals.csv'], 'study.json');
 */
export async function initStudy(paths: readonly string[], configPath: string): Promise<InitResult> {
  if (paths.length === 0) throw new UsageError('init: name at least the accounts export');
  const files = await Promise.all(paths.map((p) => inspect(resolve(p))));
  resolveAccounts(files);
  const findings: string[] = [];
  const questions: string[] = [];
  const byRole = new Map<InputRole, Inspected[]>();
  for (const f of files) {
    if (f.identification === null) {
      questions.push(
        `${basename(f.path)}: not recognized as accounts, deals, spend, engagement or market data; leave it out or map its columns`,
      );
      continue;
    }
    byRole.set(f.identification.role, [...(byRole.get(f.identification.role) ?? []), f]);
    const system = f.identification.system ?? 'generic';
    findings.push(
      `${f.identification.role}: ${basename(f.path)} — ${system} (${f.identification.evidence}), ${formatCount(f.rows)} rows`,
    );
  }
  const base = dirname(resolve(configPath));
  const inputs: Record<string, string> = {};
  const order: InputRole[] = ['accounts', 'market', 'opportunities', 'spend', 'engagement'];
  for (const [role, list] of [...byRole].sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0]))) {
    if (list.length > 1) {
      questions.push(
        `${list.map((f) => basename(f.path)).join(' and ')} ${list.length === 2 ? 'both' : 'all'} look like ${role}; keep one in inputs.${role}`,
      );
      continue;
    }
    inputs[role] = relative(base, (list[0] as Inspected).path) || '.';
  }
  let currency: string | null = null;
  if (inputs.opportunities !== undefined) {
    const stages = await stageFindings(resolve(base, inputs.opportunities));
    const money = await currencyFindings(resolve(base, inputs.opportunities));
    findings.push(...stages.findings, ...money.findings);
    questions.push(...stages.questions, ...money.questions);
    currency = money.currency;
  }
  if (inputs.accounts === undefined) {
    if (!byRole.has('accounts'))
      questions.push('no file looks like a CRM accounts export; name it in inputs.accounts');
    return { config: { name: 'My segmentation study', inputs }, findings, questions };
  }
  const headersOf = (role: string) =>
    files.find((f) => inputs[role] !== undefined && f.path === resolve(base, inputs[role] as string))
      ?.headers ?? [];
  const columns = proposeColumns({
    accounts: headersOf('accounts'),
    market: headersOf('market'),
    spend: headersOf('spend'),
  });
  findings.push(...columns.findings);
  questions.push(...columns.questions);
  const proposed = await proposeOrAsk(inputs, base, findings, currency);
  // A missing rate is already asked for by the currency question.
  const asked = (q: string) => questions.some((a) => a.includes('"fx"')) && q.includes('"fx"');
  return {
    config: {
      ...proposed.config,
      ...(columns.spendProduct === null
        ? {}
        : { mapping: { spend: { columns: { product: columns.spendProduct } } } }),
      ...(columns.hierarchy === null ? {} : { hierarchy: columns.hierarchy }),
    },
    findings,
    questions: [...questions, ...proposed.questions.filter((q) => !asked(q))],
  };
}

async function proposeConfig(
  inputs: Record<string, string>,
  base: string,
  findings: string[],
  currency: string | null,
) {
  const absolute = (key: string) => (inputs[key] === undefined ? null : resolve(base, inputs[key] as string));
  const studyInputs: StudyInputs = {
    accounts: absolute('accounts') as string,
    market: absolute('market'),
    opportunities: absolute('opportunities'),
    spend: absolute('spend'),
    engagement: absolute('engagement'),
  };
  const universe = await assembleUniverse(studyInputs, undefined, {
    ...DEFAULT_MONEY,
    currency: currency ?? DEFAULT_MONEY.currency,
  });
  const { frame, stats } = universe;
  const status = statusCustomers(frame, DEFAULT_CUSTOMER_STATUS);
  findings.push(
    `accounts: ${formatCount(stats.accountRows)} rows → ${formatCount(stats.accounts)} accounts after merging duplicates; ${formatCount(stats.customers)} customers` +
      (status
        ? ` (won deals${inputs.spend ? ', spend' : ''}${inputs.spend ? '' : ` and "${status.column}"`})`
        : ''),
  );
  if (inputs.market)
    findings.push(
      `market: ${formatCount(stats.matchedToMarket)} of ${formatCount(stats.accounts)} accounts matched by domain`,
    );
  if (!inputs.spend && inputs.opportunities)
    findings.push('spend: no spend file; current spend will be won-deal revenue of the last 12 months');
  const roles = columnRoles(universe.sources);
  const candidates = numericFeatureCandidates(frame, roles);
  const leaks = leakyFeatures(frame, candidates);
  const numeric = candidates.filter((c) => !leaks.some((l) => l.column === c));
  const categorical = categoricalFeatureCandidates(frame);
  findings.push(
    `features (chosen by the study from these roles; name lookalike.features to pin them): ${[...numeric, ...categorical].map((f) => `${f} (${roles[f]?.role ?? 'firmographic'})`).join(', ')}`,
  );
  const left = Object.entries(roles).filter(
    ([c, r]) => !isFitRole(r.role) && r.source !== 'study' && frame.column(c).kind === 'number',
  );
  if (left.length > 0)
    findings.push(
      `  not fit features: ${left.map(([c, r]) => `${c} (${r.role}: ${r.reason})`).join(', ')}; a role is changed in roles`,
    );
  for (const w of universe.warnings) findings.push(`note: ${w.message}`);
  return {
    config: {
      name: 'My segmentation study',
      ...(currency === null ? {} : { currency }),
      inputs,
    },
    findings,
    questions: leaks.map(
      (l) =>
        `"${l.column}" tells customers apart too well to be a profile (AUC ${l.auc.toFixed(2)} alone; values for ${(100 * l.coverage.customers).toFixed(0)}% of customers, ${(100 * l.coverage.others).toFixed(0)}% of the others): set roles.${l.column} to "outcome" or "engagement" to leave it out, or name lookalike.features if it is known before an account buys`,
    ),
  };
}
