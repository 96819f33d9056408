/**
 * Step "lift": attribute lift tables of customers against the whole universe and the ICP summary. Owns
 * `lift`: which categorical columns to compare and which numeric columns to compare in bands. Columns the
 * data does not have are skipped (the defaults name the sample's enrichment columns).
 */
import { warning, type Warning } from '../../core/errors.ts';
import type { Frame } from '../../data/frame.ts';
import { categoricalValues } from '../../models/design.ts';
import { icpSummary, liftTable, type LiftRow } from '../../segment/icp-lift.ts';
import { check, checkColumnList, type ConfigSlice } from '../config-slice.ts';
import type { StudyStep } from '../step.ts';

/** A numeric column compared in bands: `labels[k]` for values from `edges[k]` up to the next edge. */
export interface LiftBand {
  column: string;
  /** Attribute name in the lift tables. */
  name: string;
  edges: number[];
  labels: string[];
}

/** The `lift` slice. */
export interface LiftConfig {
  /** Categorical columns compared as they are (`size_segment` is the step's own). */
  attributes: string[];
  /** Numeric columns compared in bands. */
  bands: LiftBand[];
}

/** The `lift` slice with its defaults (the canonical attributes; a config adds its own columns and bands). */
export const liftConfig: ConfigSlice<LiftConfig> = {
  key: 'lift',
  defaults: () => ({
    attributes: ['industry', 'size_segment', 'region'],
    bands: [],
  }),
  validate(c, file) {
    checkColumnList(c.attributes, file, 'lift.attributes');
    c.bands.forEach((b, i) => {
      check(
        typeof b.column === 'string' &&
          typeof b.name === 'string' &&
          Array.isArray(b.edges) &&
          b.edges.length > 0 &&
          b.edges.length === b.labels?.length &&
          b.edges.every((e, k) => typeof e === 'number' && (k === 0 || e > (b.edges[k - 1] as number))),
        file,
        `lift.bands[${i}] must be {"column", "name", "edges": increasing numbers, "labels": one per edge}`,
      );
    });
  },
};

/**
 * The band label of each value: `labels[k]` where `edges[k] <= v < edges[k + 1]` (values below the first
 * edge get the first label; missing stays missing).
 *
 * @example
 * bandLabels(new Float64Array([10, 80, NaN]), [0, 50], ['low', 'high']); // ['low', 'high', null]
 */
export function bandLabels(
  values: Float64Array,
  edges: readonly number[],
  labels: readonly string[],
): (string | null)[] {
  return Array.from(values, (v) => {
    if (Number.isNaN(v)) return null;
    let k = 0;
    while (k + 1 < edges.length && v >= (edges[k + 1] as number)) k++;
    return labels[k] as string;
  });
}

function attributeValues(
  frame: Frame,
  config: LiftConfig,
): { tables: [string, (string | null)[]][]; skipped: string[] } {
  const tables: [string, (string | null)[]][] = [];
  const skipped: string[] = [];
  for (const column of config.attributes) {
    if (frame.has(column)) tables.push([column, categoricalValues(frame, column)]);
    else skipped.push(column);
  }
  for (const band of config.bands) {
    if (frame.has(band.column) && frame.column(band.column).kind === 'number')
      tables.push([band.name, bandLabels(frame.numbers(band.column), band.edges, band.labels)]);
    else skipped.push(band.column);
  }
  return { tables, skipped };
}

/** The lift step. */
export const liftStep: StudyStep<'lift'> = {
  name: 'lift',
  label: 'ICP lift tables',
  reads: ['is_customer'],
  config: [liftConfig as ConfigSlice<unknown>],
  run({ frame, config }) {
    const isCustomer = frame.numbers('is_customer');
    const { tables: attributes, skipped } = attributeValues(frame, config.lift);
    const tables: LiftRow[][] = attributes.map(([name, values]) => liftTable(name, values, isCustomer));
    const industry = tables[attributes.findIndex(([name]) => name === 'industry')] ?? [];
    const warnings: Warning[] =
      skipped.length === 0
        ? []
        : [
            warning(
              'lift-column-absent',
              `no column ${skipped.map((c) => `"${c}"`).join(', ')} in the data; its lift table is left out`,
            ),
          ];
    return {
      artifact: {
        tables,
        icp: icpSummary(tables),
        industryLift: new Map(industry.map((r) => [r.value, r.lift])),
      },
      warnings,
    };
  },
};
