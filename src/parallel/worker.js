/**
 * A worker thread of the parallel pool (see pool.ts): runs the chunks of every task it is sent. Plain
 * JavaScript, so that it loads without a TypeScript loader in Node, vitest and Deno. Started by
 * `node:worker_threads` in Node (messages on `parentPort`) and as a web Worker in Deno (messages on `onmessage`).
 */
import { parentPort } from 'node:worker_threads';
import { runChunks } from './kernels.js';

if (parentPort) parentPort.on('message', (task) => runChunks(task, true));
else globalThis.onmessage = (event) => runChunks(event.data, true);
