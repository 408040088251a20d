// Child process for crash.test.ts: opens the store and writes as fast as it can
// until the parent SIGKILLs it. Prints one line per ACKNOWLEDGED write:
//   C <key>  created    D <key>  deleted    U <n>  counter updated to n
// and `X <key>` just before issuing a delete (it may be durable without an ack).
// stdout to a pipe is synchronous on Linux, so a printed line means the ack
// happened before the kill. Does nothing unless started by the crash test
// (node --test may load every file under test/).

import { openJsonStore } from '../../../server/store/index.js';
import { pod, podKey } from './fixtures.js';

async function main(dataDir: string, tag: string, threshold: number): Promise<void> {
  const store = await openJsonStore({ dataDir, snapshotThresholdBytes: threshold });
  const out = (line: string) => process.stdout.write(line + '\n');
  out(`READY ${store.revision()}`);
  const counterKey = podKey('counter', 'crash');
  let counter = (await store.get(counterKey)) ?? (await store.create(counterKey, pod('counter', 'crash', { value: 0 })));
  const writers = Array.from({ length: 16 }, async (_, w) => {
    for (let i = 0; ; i++) {
      const name = `${tag}-${w}-${i}`;
      await store.create(podKey(name, 'crash'), pod(name, 'crash', { payload: 'x'.repeat(200 + ((i * 37) % 300)) }));
      out(`C ${name}`);
      if (i % 5 === 4) {
        const victim = `${tag}-${w}-${i - 2}`;
        out(`X ${victim}`); // delete issued: from now on the key may be gone even without the ack
        await store.delete(podKey(victim, 'crash'));
        out(`D ${victim}`);
      }
    }
  });
  const updater = (async () => {
    for (;;) {
      const value = (counter.spec.value as number) + 1;
      counter = await store.update(counterKey, pod('counter', 'crash', { value }), counter.metadata.resourceVersion);
      out(`U ${value}`);
    }
  })();
  await Promise.all([...writers, updater]);
}

if (process.env.EDGEPLANE_STORE_CRASH_CHILD === '1') {
  const [dataDir, tag, threshold] = process.argv.slice(2);
  main(dataDir, tag, Number(threshold)).catch((err) => {
    process.stderr.write(`crash child failed: ${err?.stack ?? err}\n`);
    process.exit(2);
  });
}
