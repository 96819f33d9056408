/**
 * Run by threads.test.ts in Deno (`deno run -A`), the runtime of the notebook kernel: fits on 2 threads and
 * prints the answers and the chunks the worker threads ran, as JSON.
 */
import { KMeans } from '../../src/models/kmeans.ts';
import { LogisticRegression } from '../../src/models/logistic.ts';
import { CHUNK_ROWS, chunksRunByWorkers, setThreads } from '../../src/parallel/pool.ts';
import { accounts, FEATURES } from './accounts.ts';

setThreads(2);
// Twenty chunks: long enough passes that Deno's worker threads (slower to wake than Node's) take some chunks.
const frame = accounts(CHUNK_ROWS * 20);
const kmeans = new KMeans({ k: 5, nInit: 2, seed: 4, standardize: true }).fit(frame, { features: FEATURES });
const logistic = new LogisticRegression().fit(frame, { target: 'won', features: FEATURES });
console.log(
  JSON.stringify({
    inertia: kmeans.inertia,
    intercept: logistic.intercept,
    workerChunks: chunksRunByWorkers(),
  }),
);
