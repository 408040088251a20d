// Worker-thread entry: collects the static facts once, off the agent's event
// loop; source.ts terminates the thread right after, so its V8 isolate and
// systeminformation's module graph do not stay resident.

import { parentPort } from 'node:worker_threads';
import { collectStatic } from './collect.js';

parentPort?.once('message', () => {
  collectStatic().then(
    (value) => parentPort!.postMessage({ ok: true, value }),
    (err: Error) => parentPort!.postMessage({ ok: false, error: err.message }),
  );
});
