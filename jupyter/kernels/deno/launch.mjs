/**
 * Starts the workbench's Deno Jupyter kernel from wherever the notebook sits: Jupyter runs
 * `node {resource_dir}/launch.mjs {connection_file}` (kernel.json), and this finds the Deno that `npm ci`
 * installed in this project — no global install, no `npx` lookup from the notebook's folder. A notebook inside the
 * project runs in its own folder; one copied outside runs in the project's `notebooks/` folder, so its relative
 * imports (`../src/index.ts`) and sample paths keep working, and the kernel says so on its log.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const project = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const deno = join(project, 'node_modules', '.bin', process.platform === 'win32' ? 'deno.cmd' : 'deno');
const connectionFile = process.argv[2];

if (connectionFile === undefined) {
  console.error('segment workbench kernel: usage: node launch.mjs <connection file> (Jupyter passes it)');
  process.exit(2);
}
if (!existsSync(deno)) {
  console.error(
    `segment workbench kernel: Deno is not installed in ${project}; run "npm ci" there, then restart the kernel`,
  );
  process.exit(1);
}

const inside = (dir) => {
  const path = relative(project, dir);
  return path === '' || (!path.startsWith('..') && !isAbsolute(path));
};
const cwd = inside(process.cwd()) ? process.cwd() : join(project, 'notebooks');
if (cwd !== process.cwd())
  console.error(
    `segment workbench kernel: the notebook is outside ${project}; relative paths resolve from ${cwd}`,
  );

const kernel = spawn(deno, ['jupyter', '--kernel', '--conn', resolve(connectionFile)], {
  cwd,
  stdio: 'inherit',
  env: { ...process.env, NO_COLOR: '1' },
});
// Jupyter interrupts and stops the kernel by signalling this process: pass them on.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => kernel.kill(signal));
kernel.on('exit', (code, signal) => (signal ? process.kill(process.pid, signal) : process.exit(code ?? 0)));
