// Worker-thread entry: runs collect() on request, off the agent's event loop.

import { parentPort } from 'node:worker_threads';
import { collect } from './collect.js';

parentPort?.on('message', () => {
  collect().then(
    (c) => parentPort!.postMessage({ ok: true, value: c }),
    (err: Error) => parentPort!.postMessage({ ok: false, error: err.message }),
  );
});
