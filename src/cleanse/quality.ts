/**
 * The data-quality report of `segment clean` (`--report dq.json`): per canonical column how many
 * values were present, missing, invalid, approximated and changed by normalization, and which
 * duplicate records were merged into which account.
 */
import type { CanonicalColumn } from './headers.ts';
import type { MatchRule } from './dedupe.ts';

/** One distinct invalid value, kept as an example in the report. */
export interface InvalidExample {
  /** 1-based data row of its first occurrence in the input. */
  row: number;
  value: string;
  reason: string;
  /** How many rows have this value. */
  count: number;
}

/** Quality figures of one canonical column, counted over the input rows (before merging). */
export interface ColumnQuality {
  /** The input header that fed this column, or null when the input had none. */
  source: string | null;
  /** Values read successfully. */
  valid: number;
  /** Empty cells and placeholders ("N/A", "-", "unknown" …). */
  missing: number;
  /** Values given but unreadable; they become missing in the output (never guessed). */
  invalid: number;
  /** Valid values read from a range or bound ("51-200", "500+"). */
  approximated: number;
  /** Valid values whose text the normalization changed ("USA" → "US"). */
  changed: number;
  /** Distinct values in the output (after merging). */
  distinct: number;
  /** Up to 10 distinct invalid values, each with its first row and count, in order of first appearance. */
  invalid_examples: InvalidExample[];
}

/** One merged duplicate group. */
export interface MergedGroup {
  /** The account id kept for the merged account. */
  kept: string;
  /** The account ids merged into it. */
  merged: string[];
  /** How the records were recognised as one account. */
  rule: MatchRule;
  /** The shared key (id, domain, or `name|country`). */
  key: string;
  /** How alike the names are, 0–1: the smallest share of name words any merged record shares with the kept one. */
  score: number;
}

/** The whole report. */
export interface QualityReport {
  file: string | null;
  rows_in: number;
  rows_out: number;
  /** Input header → canonical column. */
  header_mapping: Record<string, CanonicalColumn>;
  /** Input columns passed through unchanged. */
  passthrough_columns: string[];
  columns: Record<CanonicalColumn, ColumnQuality>;
  duplicates: {
    /** Accounts that had more than one record. */
    groups: number;
    /** Records merged away (rows_in − rows_out). */
    records_merged: number;
    /** Groups per matching rule. */
    by_rule: Record<MatchRule, number>;
    /** Per column, the groups whose records disagreed (the most complete record's value was kept). */
    conflicting_values: Partial<Record<CanonicalColumn, number>>;
    /** Domain-less records whose name and country matched several domains (left unmerged). */
    ambiguous_rows: number[];
    merged: MergedGroup[];
  };
}
