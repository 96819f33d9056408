/**
 * What `segment init` proposes from the files' headers alone, beyond their roles: the account hierarchy (a
 * parent id column, or a D&B global ultimate with the accounts' own D-U-N-S) and the spend file's product-line
 * column. One candidate is proposed and said; several become a question naming the key and the candidates.
 */
import { headerKey } from '../../data/schema.ts';
import { FAMILY_HEADERS, PARENT_ID_HEADERS } from '../../cleanse/cleanse.ts';

/** Header candidates of a spend file's product line (ERP and CRM exports), most specific first. */
export const PRODUCT_LINE_HEADERS = [
  'product_line',
  'Product Line',
  'Product Family',
  'Product Category',
  'Item Category',
  'Product',
  'Product Name',
  'Item',
  'Class',
];

const DUNS_HEADERS = ['D-U-N-S Number', 'DUNS Number', 'DUNS'];

/** The headers among `headers` that are one of `candidates` (compared as header keys), in candidate order. */
function present(headers: readonly string[], candidates: readonly string[]): string[] {
  const byKey = new Map(headers.map((h) => [headerKey(h), h]));
  return candidates.flatMap((c) => {
    const found = byKey.get(headerKey(c));
    return found === undefined ? [] : [found];
  });
}

/** What init proposes from headers: config fragments, findings and questions. */
export interface ColumnProposals {
  hierarchy: Record<string, string> | null;
  spendProduct: string | null;
  findings: string[];
  questions: string[];
}

/**
 * The hierarchy and product-line proposals of a study's files.
 *
 * @example
 * proposeColumns({ accounts: ['Id', 'Parent Account ID'], market: [], spend: ['Customer', 'Item', 'Class'] });
 * // { hierarchy: { parentColumn: 'Parent Account ID' }, spendProduct: null, questions: ['the spend file has … "Item", "Class" …'] … }
 */
export function proposeColumns(headers: {
  accounts: readonly string[];
  market: readonly string[];
  spend: readonly string[];
}): ColumnProposals {
  const findings: string[] = [];
  const questions: string[] = [];
  let hierarchy: Record<string, string> | null = null;
  const parent = present(headers.accounts, PARENT_ID_HEADERS)[0];
  const family = present(headers.market, FAMILY_HEADERS)[0];
  const duns = present([...headers.accounts, ...headers.market], DUNS_HEADERS)[0];
  if (parent !== undefined) {
    hierarchy = { parentColumn: parent };
    findings.push(`hierarchy: families from "${parent}" (hierarchy.parentColumn)`);
  } else if (family !== undefined && duns !== undefined) {
    hierarchy = { parentColumn: family, parentKey: 'duns' };
    findings.push(
      `hierarchy: families from the market file's "${family}", matched to each account's "${duns}" (hierarchy.parentColumn, parentKey "duns")`,
    );
  }
  const products = present(headers.spend, PRODUCT_LINE_HEADERS);
  let spendProduct: string | null = null;
  if (products.length === 1) {
    spendProduct = products[0] as string;
    findings.push(
      `spend: product lines from "${spendProduct}" (mapping.spend.columns.product): upsell and cross-sell by line`,
    );
  } else if (products.length > 1)
    questions.push(
      `the spend file has several product-like columns (${products.map((p) => `"${p}"`).join(', ')}): name the product line in mapping.spend.columns.product, or leave it out for spend without lines`,
    );
  return { hierarchy, spendProduct, findings, questions };
}
