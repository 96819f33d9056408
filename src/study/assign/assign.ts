/**
 * Assigning new accounts with a frozen study ("dynamic assignment"): a file of accounts is read and cleansed
 * with the study's mapping (and enriched from its market file), each account is matched to the study's own
 * accounts (by id, then by a domain exactly one study account has), scored with the study's models and placed
 * by its thresholds and rules. A matched account keeps what the study learned about it from the other inputs
 * (customer flag, spend, deals, engagement, value, family) and its owner and queue rep; everything else is
 * computed from the file, so an unchanged study account gets exactly its study row back.
 */
import { existsSync } from 'node:fs';
import { warning, type Warning } from '../../core/errors.ts';
import { formatCount } from '../../core/format.ts';
import { Frame, type ColumnInput } from '../../data/frame.ts';
import { scoresOnScale } from '../../models/metrics.ts';
import { explainScores } from '../../models/reason-codes.ts';
import { accountColumn, FIRMOGRAPHIC_COLUMNS } from '../../segment/account-columns.ts';
import { assembleUniverse, type Universe } from '../../segment/assemble.ts';
import { columnRoles } from '../../segment/column-roles.ts';
import { priorityCells } from '../../segment/engagement-score.ts';
import { opportunityOf, roadMotions, roadQuadrants } from '../../segment/road.ts';
import { routeAccounts, ROUTING_FIELDS } from '../../segment/routing.ts';
import { industryPriorities, monthlyTouches, priorityTiers, sizeSegments } from '../../segment/tiers.ts';
import type { RoadQuadrant } from '../../segment/vocabulary.ts';
import { columnText } from '../column-text.ts';
import { customerColumns, customersAsNewLogos } from '../steps/road.ts';
import { missingCauses } from '../steps/lookalike.ts';
import { tagWarnings } from '../step.ts';
import type { FrozenStudy } from './frozen-study.ts';
import { studyPlacement } from './placement.ts';

/** What {@link assignAccounts} returns. */
export interface Assignment {
  /**
   * One row per account of the file (duplicates merged): the study's columns, then `study_account_id`, at full
   * precision (`roundedLikeSegments` gives them as `segments.csv` writes them).
   */
  frame: Frame;
  warnings: Warning[];
  counts: { accounts: number; byId: number; byDomain: number; fresh: number };
}

const FIRMOGRAPHICS = new Set(FIRMOGRAPHIC_COLUMNS.map((c) => c.name));

/**
 * The other-input columns a new account takes from the file itself: its status may say customer; it has no
 * spend the study knows of. Its deals, engagement and value are unknown (empty).
 */
const OWN_FOR_NEW = new Set(['is_customer', 'current_spend']);

/** The steps whose columns come from inputs other than the accounts file: a matched account keeps the study's. */
const FROM_OTHER_INPUTS = new Set(['assemble', 'engagement', 'value', 'hierarchy']);

/** Columns a matched account keeps from the study: those of other inputs, product lines, the previous owner. */
function keptFromStudy(name: string): boolean {
  const column = accountColumn(name);
  if (column === undefined || FIRMOGRAPHICS.has(name)) return false;
  return FROM_OTHER_INPUTS.has(column.step) || column.when === 'product lines' || name === 'previous_owner';
}

/** Warnings of reading the file alone about customers and their spend (the study's inputs decide those). */
const STUDY_INPUT_WARNINGS = new Set(['customers-lapsed', 'customers-from-status']);

async function readNewAccounts(
  study: FrozenStudy,
  file: string,
): Promise<{ universe: Universe; warnings: Warning[] }> {
  const { config } = study;
  const market = config.inputs.market;
  const marketGone = market !== null && !existsSync(market);
  const universe = await assembleUniverse(
    {
      accounts: file,
      market: marketGone ? null : market,
      opportunities: null,
      spend: null,
      engagement: null,
    },
    config.mapping,
    { currency: config.currency, rates: config.fx, asOf: study.money?.asOf ?? config.asOf },
    Date.now(),
    () => {},
    { requireCustomers: false },
  );
  const warnings = marketGone
    ? [
        warning(
          'market-missing',
          `the study's market file ${market} is gone: the new accounts are not enriched from it`,
        ),
      ]
    : [];
  // The file is read without the study's deals and spend: what it says about customers' spend is not the study's.
  const own = universe.warnings.filter((w) => !STUDY_INPUT_WARNINGS.has(w.code));
  return { universe, warnings: [...warnings, ...own] };
}

/** Each new row's study row (−1: a new account) and how it matched. */
function matchToStudy(study: Frame, accounts: Frame) {
  const ids = new Map(columnText(study, 'account_id').map((id, i) => [id, i]));
  const domains = new Map<string, number>();
  columnText(study, 'domain').forEach((d, i) => {
    if (d !== null) domains.set(d, domains.has(d) ? -1 : i);
  });
  const domain = accounts.has('domain') ? columnText(accounts, 'domain') : [];
  const kind: ('id' | 'domain' | null)[] = [];
  const row = Int32Array.from(columnText(accounts, 'account_id'), (id, i) => {
    const byId = id === null ? undefined : ids.get(id);
    const d = domain[i] ?? null;
    const byDomain = d === null ? undefined : domains.get(d);
    kind.push(byId !== undefined ? 'id' : byDomain !== undefined && byDomain >= 0 ? 'domain' : null);
    return byId ?? (byDomain !== undefined && byDomain >= 0 ? byDomain : -1);
  });
  return { row, kind };
}

/** A study column for the new rows: the matched study row's value, else the file's own (or empty). */
function keptColumn(study: Frame, own: Frame, name: string, row: Int32Array): ColumnInput {
  const source = study.column(name);
  const ownValues =
    own.has(name) && (OWN_FOR_NEW.has(name) || !keptFromStudy(name)) ? own.column(name).values : null;
  if (source.kind === 'number') {
    const mine = ownValues instanceof Float64Array ? ownValues : null;
    return Float64Array.from(row, (r, i) =>
      r >= 0 ? (source.values[r] as number) : (mine?.[i] ?? Number.NaN),
    );
  }
  const mine = ownValues === null ? null : columnText(own, name);
  return Array.from(row, (r, i) => (r >= 0 ? (source.values[r] ?? null) : (mine?.[i] ?? null)));
}

/**
 * The file's accounts with the study's other-input columns for matched ones (and the models' inputs the file
 * lacks, such as an engagement signal), and the lookalike's features absent from both as unknown.
 */
function withStudyInputs(study: FrozenStudy, own: Frame, row: Int32Array, file: string) {
  const json = study.lookalike.toJSON();
  const modelInputs = new Set([...json.features, ...study.clusters.toJSON().features]);
  let frame = own;
  for (const name of study.segments.columnNames)
    if (keptFromStudy(name) || (modelInputs.has(name) && !own.has(name)))
      frame = frame.withColumn(name, keptColumn(study.segments, own, name, row));
  const absent = [...json.features, ...Object.keys(json.categorical)].filter((f) => !frame.has(f));
  for (const f of absent)
    frame = frame.withColumn(
      f,
      json.features.includes(f)
        ? new Float64Array(frame.numRows).fill(Number.NaN)
        : new Array<null>(frame.numRows).fill(null),
    );
  const warnings =
    absent.length === 0
      ? []
      : [
          warning(
            'features-absent',
            `${file} has no ${absent.join(', ')} (the lookalike's features): every account is scored as unknown there, which its fit reasons say`,
          ),
        ];
  return { frame, warnings };
}

/** The lookalike's columns against the study: probability, fit score ranked among the study's, reasons. */
function lookalikeColumns(study: FrozenStudy, frame: Frame, universe: Universe) {
  const json = study.lookalike.toJSON();
  const { probability, warnings } = study.lookalike.predictProba(frame);
  const roles = columnRoles(universe.sources, study.config.roles);
  const causes = missingCauses([...json.features, ...Object.keys(json.categorical)], roles, study.config);
  const { reasons } = explainScores(json, frame, causes, { reference: study.segments });
  return {
    columns: {
      probability,
      fit_score: scoresOnScale(study.scale, probability),
      fit_reasons: reasons,
    },
    warnings: tagWarnings('scoring', warnings),
  };
}

/** The study's decisions for every row: tier, size, persona, potential, quadrant, motion, queue. */
function decisionColumns(study: FrozenStudy, frame: Frame) {
  const { config } = study;
  const fit = frame.numbers('fit_score');
  const engagement = frame.has('engagement_score')
    ? frame.numbers('engagement_score')
    : new Float64Array(frame.numRows).fill(Number.NaN);
  const tiers = priorityTiers(fit, config.tiers, engagement);
  const spend = study.spend.predict(frame);
  const opportunity = opportunityOf(frame.numbers('probability'), spend.whitespace);
  const current = frame.numbers('current_spend');
  const quadrants = roadQuadrants(current, opportunity, study.thresholds);
  const { labels } = study.clusters.predict(frame);
  const columns = {
    priority_cell: priorityCells(fit, engagement),
    tier: tiers,
    monthly_touches: monthlyTouches(tiers, config.tiers),
    size_segment: sizeSegments(
      frame.numbers('employees'),
      frame.numbers('annual_revenue'),
      config.sizeSegments,
    ),
    industry_priority: industryPriorities(
      frame.strings('industry'),
      study.industryLift,
      config.industryPriority,
    ),
    cluster: Float64Array.from(labels, (l) => (l < 0 ? Number.NaN : l)),
    spend_potential: spend.potential,
    whitespace: spend.whitespace,
    potential_basis: spend.basis,
    opportunity,
    road_quadrant: quadrants,
    motion: roadMotions(quadrants, frame.numbers('is_customer')),
  };
  return {
    columns,
    quadrants,
    warnings: [
      ...spend.warnings,
      ...customersAsNewLogos(customerColumns(frame.withColumn('current_spend', current)), quadrants),
    ],
  };
}

function withColumns(frame: Frame, columns: Record<string, ColumnInput>): Frame {
  return Object.entries(columns).reduce((f, [name, values]) => f.withColumn(name, values), frame);
}

/** Owner and queue rep: a matched account keeps the study's; a new one is placed by the study's rules. */
function placed(
  study: FrozenStudy,
  frame: Frame,
  row: Int32Array,
  quadrants: readonly (RoadQuadrant | null)[],
) {
  const routingColumns = Object.fromEntries(ROUTING_FIELDS.map((field) => [field, columnText(frame, field)]));
  const opportunity = frame.numbers('opportunity');
  const queue = routeAccounts(routingColumns, opportunity, study.config.routing).queue;
  const groupBy = study.config.territories.groupBy;
  const place = studyPlacement(study.segments, groupBy);
  const studyOwner = columnText(study.segments, 'owner');
  const studyQueueRep = columnText(study.segments, 'queue_rep');
  const group = groupBy !== null && frame.has(groupBy) ? columnText(frame, groupBy) : null;
  const family = frame.has('ultimate_parent_id') ? columnText(frame, 'ultimate_parent_id') : null;
  const owner: (string | null)[] = [];
  const queueRep: string[] = [];
  row.forEach((r, i) => {
    const account = {
      quadrant: quadrants[i] ?? null,
      opportunity: opportunity[i] as number,
      queue: queue[i] as string,
      group: group?.[i] ?? null,
      family: family?.[i] ?? null,
    };
    owner.push(r >= 0 ? (studyOwner[r] ?? null) : place.owner(account));
    queueRep.push(r >= 0 ? (studyQueueRep[r] ?? account.queue) : place.queueRep(account));
  });
  return { owner, queue, queue_rep: queueRep };
}

function counted(kind: readonly ('id' | 'domain' | null)[]) {
  const byId = kind.filter((k) => k === 'id').length;
  const byDomain = kind.filter((k) => k === 'domain').length;
  return { accounts: kind.length, byId, byDomain, fresh: kind.length - byId - byDomain };
}

/**
 * Assigns the accounts of a file with a frozen study: one row per account with the study's columns (in the
 * order and rounding of its `segments.csv`) and `study_account_id` (the study account it matched, or empty).
 *
 * @example
 * const { frame, counts } = await assignAccounts(await loadFrozenStudy('out/2026-11'), 'new-leads.csv');
 * counts; // { accounts: 1000, byId: 12, byDomain: 3, fresh: 985 }
 */
export async function assignAccounts(study: FrozenStudy, file: string): Promise<Assignment> {
  const { universe, warnings: readWarnings } = await readNewAccounts(study, file);
  const { row, kind } = matchToStudy(study.segments, universe.frame);
  const inputs = withStudyInputs(study, universe.frame, row, file);
  const scored = lookalikeColumns(study, inputs.frame, universe);
  let frame = withColumns(inputs.frame, scored.columns);
  const decisions = decisionColumns(study, frame);
  frame = withColumns(frame, decisions.columns);
  frame = withColumns(frame, placed(study, frame, row, decisions.quadrants));
  const studyIds = columnText(study.segments, 'account_id');
  const columns: Record<string, ColumnInput> = {};
  for (const name of study.segments.columnNames)
    columns[name] = frame.has(name)
      ? (frame.column(name).values as ColumnInput)
      : keptColumn(study.segments, frame, name, row);
  columns.study_account_id = Array.from(row, (r) => (r >= 0 ? (studyIds[r] ?? null) : null));
  const counts = counted(kind);
  const notes =
    counts.byDomain > 0
      ? [
          warning(
            'matched-by-domain',
            `${formatCount(counts.byDomain)} ${counts.byDomain === 1 ? 'account has' : 'accounts have'} a new id but the domain of one study account: ${counts.byDomain === 1 ? 'it gets' : 'they get'} that account's customer status, spend and owner (column study_account_id names it)`,
          ),
        ]
      : [];
  return {
    frame: Frame.fromColumns(columns),
    warnings: [...readWarnings, ...inputs.warnings, ...scored.warnings, ...decisions.warnings, ...notes],
    counts,
  };
}
