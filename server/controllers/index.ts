// The in-process controllers (kube-controller-manager's role).

import type { Registry } from '../registry/registry.js';
import { NamespaceController } from './namespace.js';
import { GarbageCollector } from './gc.js';
import { EventTtl } from '../events/ttl.js';
import { ReplicaSetController } from './replicaset.js';
import { DeploymentController } from './deployment/controller.js';

export interface ControllerOptions {
  /** Event TTL (apiserver --event-ttl; default 1 h) */
  eventTtlMs?: number;
}

export interface Controllers {
  namespaces: NamespaceController;
  gc: GarbageCollector;
  eventTtl: EventTtl;
  replicaSets: ReplicaSetController;
  deployments: DeploymentController;
  stop(): void;
}

export async function startControllers(registry: Registry, log: (msg: string) => void, opts: ControllerOptions = {}): Promise<Controllers> {
  const namespaces = new NamespaceController(registry, log);
  const gc = new GarbageCollector(registry, log);
  const eventTtl = new EventTtl(registry, { ttlMs: opts.eventTtlMs, log });
  await namespaces.start();
  await gc.start();
  eventTtl.start();
  const replicaSets = new ReplicaSetController(registry, { log });
  const deployments = new DeploymentController(registry, { log });
  await replicaSets.start();
  await deployments.start();
  return {
    namespaces,
    gc,
    eventTtl,
    replicaSets,
    deployments,
    stop() {
      deployments.stop();
      replicaSets.stop();
      namespaces.stop();
      gc.stop();
      eventTtl.stop();
    },
  };
}
