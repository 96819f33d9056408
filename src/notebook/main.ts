/**
 * `npm run notebooks [-- <notebook.ipynb> …]`: type-checks and executes notebooks headlessly through the Deno
 * kernel and writes the executed copies (with outputs) to `out/notebooks/`. Exit 1 if any notebook fails.
 *
 * `npm run notebooks -- --strip [<notebook.ipynb> …]`: removes outputs and execution counts from the notebooks
 * in place (notebooks are committed without outputs; a test checks it).
 */
import { readdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { checkNotebook, executeNotebook, readNotebook, stripOutputs } from './run-notebook.ts';

const OUT = 'out/notebooks';
const strip = process.argv.includes('--strip');
const given = process.argv.slice(2).filter((a) => a !== '--strip');
const notebooks =
  given.length > 0
    ? given
    : (await readdir('notebooks'))
        .filter((f) => f.endsWith('.ipynb') && !f.startsWith('.'))
        .sort()
        .map((f) => join('notebooks', f));
if (strip) {
  for (const path of notebooks) {
    await writeFile(path, `${JSON.stringify(stripOutputs(await readNotebook(path)), null, 1)}\n`);
    console.log(`stripped ${path}`);
  }
  process.exit(0);
}
let failed = 0;
for (const path of notebooks) {
  const typeErrors = await checkNotebook(path);
  for (const e of typeErrors) console.error(`${path}, cell ${e.cell}, line ${e.line}: ${e.message}`);
  const outPath = join(OUT, basename(path));
  const { error, seconds } = await executeNotebook(path, { outPath });
  if (error) console.error(`${path}, cell ${error.cell}: ${error.ename}: ${error.evalue}`);
  if (error || typeErrors.length > 0) failed++;
  console.log(
    `${error || typeErrors.length > 0 ? 'FAIL' : 'ok  '} ${path} → ${outPath} (${seconds.toFixed(1)} s)`,
  );
}
process.exitCode = failed > 0 ? 1 : 0;
