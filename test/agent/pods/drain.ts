// Ends a pod worker test on real containerd: nothing desired any more, wait
// (bounded) until the worker removed every container, then stop the worker.
import type { PodWorker } from '../../../agent/pods/worker.js';
import type { ContainerRuntime } from '../../../agent/runtime/types.js';

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
