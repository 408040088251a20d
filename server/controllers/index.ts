// The in-process controllers (kube-controller-manager's role).

import type { Registry } from '../registry/registry.js';
import { NamespaceController } from './namespace.js';
import { GarbageCollector } from './gc.js';
import { EventTtl } from '../events/ttl.js';
import { DaemonSetController } from './daemonset.js';
import { NodeLifecycleController } from './node-lifecycle.js';
import { TaintManager } from './taint-manager.js';

export interface ControllerOptions {
  /** Event TTL (apiserver --event-ttl; default 1 h) */
  eventTtlMs?: number;
}

export interface Controllers {
  namespaces: NamespaceController;
  gc: GarbageCollector;
  eventTtl: EventTtl;
  daemonSets: DaemonSetController;
  nodeLifecycle: NodeLifecycleController;
  taintManager: TaintManager;
  stop(): void;
}

export async function startControllers(registry: Registry, log: (msg: string) => void, opts: ControllerOptions = {}): Promise<Controllers> {
  const namespaces = new NamespaceController(registry, log);
  const gc = new GarbageCollector(registry, log);
  const eventTtl = new EventTtl(registry, { ttlMs: opts.eventTtlMs, log });
  const daemonSets = new DaemonSetController(registry, log);
  const nodeLifecycle = new NodeLifecycleController(registry, log);
  const taintManager = new TaintManager(registry, log);
  await namespaces.start();
  await gc.start();
  eventTtl.start();
  await daemonSets.start();
  await nodeLifecycle.start();
  await taintManager.start();
  return {
    namespaces,
    gc,
    eventTtl,
    daemonSets,
    nodeLifecycle,
    taintManager,
    stop() {
      namespaces.stop();
      gc.stop();
      eventTtl.stop();
      daemonSets.stop();
      nodeLifecycle.stop();
      taintManager.stop();
    },
  };
}
