// The in-process controllers (kube-controller-manager's role).

import type { Registry } from '../registry/registry.js';
import { NamespaceController } from './namespace.js';

export interface Controllers {
  namespaces: NamespaceController;
  stop(): void;
}

export async function startControllers(registry: Registry, log: (msg: string) => void): Promise<Controllers> {
  const namespaces = new NamespaceController(registry, log);
  await namespaces.start();
  return {
    namespaces,
    stop() {
      namespaces.stop();
    },
  };
}
