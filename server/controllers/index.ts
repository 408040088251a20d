// The in-process controllers (kube-controller-manager's role).

import type { Registry } from '../registry/registry.js';
import { NamespaceController } from './namespace.js';
import { GarbageCollector } from './gc.js';

export interface Controllers {
  namespaces: NamespaceController;
  gc: GarbageCollector;
  stop(): void;
}

export async function startControllers(registry: Registry, log: (msg: string) => void): Promise<Controllers> {
  const namespaces = new NamespaceController(registry, log);
  const gc = new GarbageCollector(registry, log);
  await namespaces.start();
  await gc.start();
  return {
    namespaces,
    gc,
    stop() {
      namespaces.stop();
      gc.stop();
    },
  };
}
