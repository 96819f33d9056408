/**
 * DuckDB reads column names without case; the in-memory study does not. Two columns whose names differ only in
 * letter case would be one column in the engine and two in memory, so the engine refuses them.
 */
import { DataError } from '../core/errors.ts';

/**
 * Refuses a column named like another in other letters ("IS_CUSTOMER" beside the study's "is_customer"): the
 * in-memory study keeps both, DuckDB takes them for one, so the answer would differ. `where` names the file and the
 * column to rename.
 *
 * @example
 * assertNoCaseTwins(['Type', 'IS_CUSTOMER'], ['is_customer'], (mine) => ({ file: 'accounts.csv', column: mine }));
 * // DataError: accounts.csv, column "IS_CUSTOMER": columns "IS_CUSTOMER" and "is_customer" differ only in letter case; …
 */
export function assertNoCaseTwins(
  existing: readonly string[],
  added: readonly string[],
  where: (existing: string, added: string) => { file: string; column: string },
): void {
  for (const name of added) {
    const twin = existing.find((c) => c !== name && c.toLowerCase() === name.toLowerCase());
    if (twin !== undefined)
      throw new DataError(
        `columns "${twin}" and "${name}" differ only in letter case; the duckdb engine reads column names without case, so rename one in the export, or run the study in memory`,
        where(twin, name),
      );
  }
}
