/**
 * `npm test`'s static checks — the type check, ESLint and Prettier — run side by side (each is one busy
 * core; one after the other they took ~35 s of the test command on 2 cores, side by side ~20 s). Each check's
 * output is printed whole when it ends; the exit code is the first failure's, or 0.
 *
 * Usage: node scripts/checks.mjs   (the npm scripts "typecheck", "lint:code" and "lint:format")
 */
import { Buffer } from 'node:buffer';
import { spawn } from 'node:child_process';

const CHECKS = ['typecheck', 'lint:code', 'lint:format'];

/** Runs one npm script, its output gathered; resolves to its exit code. */
function run(script) {
  return new Promise((resolvePromise) => {
    const child = spawn('npm', ['run', '--silent', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    const output = [];
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    child.on('error', (error) => output.push(Buffer.from(`${error.message}\n`)));
    child.on('close', (code) => {
      const text = Buffer.concat(output).toString();
      process.stdout.write(`${code === 0 ? '✓' : '✗'} npm run ${script}\n${text}`);
      resolvePromise(code ?? 1);
    });
  });
}

const codes = await Promise.all(CHECKS.map(run));
process.exit(codes.find((code) => code !== 0) ?? 0);
