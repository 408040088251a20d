// Shared by the pod worker tests on real containerd: wait for a condition,
// and end a test by desiring nothing, waiting (bounded) until the worker
// removed every container, then stopping it.
import type { PodWorker } from '../../../agent/pods/worker.js';
import type { ContainerRuntime } from '../../../agent/runtime/types.js';

/** the first truthy value of `f`, polled every 100 ms for up to `ms` */
export async function until<T>(what: string, f: () => T | undefined | Promise<T | undefined>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function drainWorker(worker: PodWorker, rt: ContainerRuntime, timeoutMs = 30_000): Promise<void> {
  worker.setDesired([]);
  const end = Date.now() + timeoutMs;
  for (;;) {
    await worker.syncNow();
    if ((await rt.listContainers()).length === 0 || Date.now() > end) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await worker.stop();
}
