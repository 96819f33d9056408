/**
 * Writes `docs/config.md`, the study config reference, from the code itself: every key of `StudyConfig` (read
 * with the TypeScript compiler: its type and its TSDoc) with the default of `defaultStudyConfig()`. Run
 * `npm run docs:config` after changing a config slice; a test fails while the committed file is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { defaultStudyConfig } from '../src/study/config.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** One documented key. */
export interface ConfigKey {
  key: string;
  type: string;
  default: string;
  description: string;
}

function program(): { checker: ts.TypeChecker; config: ts.Type } {
  const file = join(ROOT, 'src/study/types.ts');
  const parsed = ts.parseJsonConfigFileContent(
    ts.readConfigFile(join(ROOT, 'tsconfig.json'), ts.sys.readFile).config,
    ts.sys,
    ROOT,
  );
  const built = ts.createProgram([file], parsed.options);
  const checker = built.getTypeChecker();
  const source = built.getSourceFile(file);
  const declaration = source?.statements.find(
    (s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === 'StudyConfig',
  );
  if (declaration === undefined) throw new Error('StudyConfig not found in src/study/types.ts');
  return { checker, config: checker.getTypeAtLocation(declaration) };
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A value as the table shows it: JSON, shortened when long. */
function shown(value: unknown): string {
  if (value === undefined) return '';
  const json = JSON.stringify(value);
  return json.length > 80 ? `${json.slice(0, 77)}…` : json;
}

const cell = (text: string) => text.replaceAll('|', '\\|').replace(/\s+/g, ' ').trim();

/** The keys of `type` under `path`, recursing into objects whose default is an object with fixed keys. */
function keysOf(checker: ts.TypeChecker, type: ts.Type, path: string, defaults: unknown): ConfigKey[] {
  return checker.getPropertiesOfType(type).flatMap((property) => {
    const key = path === '' ? property.name : `${path}.${property.name}`;
    const propertyType = checker.getTypeOfSymbol(property);
    const value = isPlainObject(defaults) ? defaults[property.name] : undefined;
    const description = ts.displayPartsToString(property.getDocumentationComment(checker));
    const objectType = checker.getNonNullableType(propertyType);
    const isRecord = checker.getIndexInfosOfType(objectType).length > 0;
    if (isPlainObject(value) && checker.getPropertiesOfType(objectType).length > 0 && !isRecord) {
      const own: ConfigKey[] = description === '' ? [] : [{ key, type: 'object', default: '', description }];
      return [...own, ...keysOf(checker, objectType, key, value)];
    }
    return [{ key, type: checker.typeToString(propertyType), default: shown(value), description }];
  });
}

/**
 * Every key of the study config, its type, default and description.
 *
 * @example
 * configKeys().find((k) => k.key === 'currency'); // { key: 'currency', type: 'string', default: '"USD"', … }
 */
export function configKeys(): ConfigKey[] {
  const { checker, config } = program();
  return keysOf(checker, config, '', defaultStudyConfig());
}

const EXAMPLE = {
  name: 'EMEA segmentation 2026-H2',
  currency: 'EUR',
  fx: { GBP: 1.17, SEK: 0.087, USD: 0.92 },
  inputs: {
    accounts: 'organizations.csv',
    opportunities: 'deals.csv',
    market: 'apollo.csv',
    spend: 'invoice-lines.csv',
  },
  mapping: { spend: { columns: { product: 'Class' } } },
  roles: { 'Intent Score': 'engagement' },
};

/**
 * The reference as Markdown: an example config, then one table row per key.
 *
 * @example
 * configReference().split('\n')[0]; // '# Study config reference'
 */
export function configReference(): string {
  const rows = configKeys().map(
    (k) =>
      `| \`${k.key}\` | \`${cell(k.type)}\` | ${k.default === '' ? '' : `\`${cell(k.default)}\``} | ${cell(k.description)} |`,
  );
  return [
    '# Study config reference',
    '',
    'Generated from the code by `npm run docs:config` (`scripts/config-reference.ts`): every key of a study config',
    '(`segment study --config study.json`), its type, its default and what it does. A config names only what',
    'differs from the defaults; `segment init` writes one from your exports. Keys are JSON paths:',
    '`mapping.spend.windowMonths` is `{ "mapping": { "spend": { "windowMonths": 24 } } }`.',
    '',
    'Example (a European team: deals in four currencies, NetSuite invoice lines with a product line):',
    '',
    '```json',
    JSON.stringify(EXAMPLE, null, 2),
    '```',
    '',
    '| Key | Type | Default | Description |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}

const invokedDirectly = process.argv[1] !== undefined && /config-reference\.ts$/.test(process.argv[1]);
if (invokedDirectly) {
  const out = join(ROOT, 'docs/config.md');
  const text = configReference();
  let before = '';
  try {
    before = readFileSync(out, 'utf8');
  } catch {
    // first run
  }
  writeFileSync(out, text);
  console.log(`${before === text ? 'unchanged' : 'wrote'} ${out} (${configKeys().length} keys)`);
}
