/** The workbench's version, read from package.json (recorded in model files and run manifests). */
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/** @example VERSION // '0.1.0' */
export const VERSION: string = pkg.version;
