// The in-process controllers (kube-controller-manager's role).

import type { Registry } from '../registry/registry.js';
import { NamespaceController } from './namespace.js';
import { GarbageCollector } from './gc.js';
import { EventTtl } from '../events/ttl.js';
import { EndpointsController } from './endpoints.js';
import { startScheduler } from '../scheduler/index.js';
import type { Scheduler, SchedulerOptions } from '../scheduler/scheduler.js';
import { ReplicaSetController } from './replicaset.js';
import { DeploymentController } from './deployment/controller.js';
import { DaemonSetController } from './daemonset.js';
import { NodeLifecycleController } from './node-lifecycle.js';
import { TaintManager } from './taint-manager.js';

export interface ControllerOptions {
  /** Event TTL (apiserver --event-ttl; default 1 h) */
  eventTtlMs?: number;
  /** scheduler tuning; `imagePlatformLookup` lets it ask registries for image os/arch */
  scheduler?: SchedulerOptions & { imagePlatformLookup?: boolean };
  /**
   * Which optional controllers run, as kube-controller-manager's --controllers:
   * `*` all, `name` on, `-name` off (default `['*']`). API-only tests turn the
   * workload controllers off so that nothing else writes their Deployments.
   */
  controllers?: string[];
}

/** the controllers --controllers can turn off */
export const OPTIONAL_CONTROLLERS = ['deployment', 'replicaset'] as const;

export function controllerEnabled(list: string[] | undefined, name: string): boolean {
  const l = list && list.length > 0 ? list : ['*'];
  if (l.includes(`-${name}`)) return false;
  return l.includes(name) || l.includes('*');
}

export interface Controllers {
  namespaces: NamespaceController;
  gc: GarbageCollector;
  eventTtl: EventTtl;
  endpoints: EndpointsController;
  scheduler: Scheduler;
  replicaSets?: ReplicaSetController;
  deployments?: DeploymentController;
  daemonSets: DaemonSetController;
  nodeLifecycle: NodeLifecycleController;
  taintManager: TaintManager;
  stop(): void;
}

export async function startControllers(registry: Registry, log: (msg: string) => void, opts: ControllerOptions = {}): Promise<Controllers> {
  const namespaces = new NamespaceController(registry, log);
  const gc = new GarbageCollector(registry, log);
  const eventTtl = new EventTtl(registry, { ttlMs: opts.eventTtlMs, log });
  const endpoints = new EndpointsController(registry, log);
  await namespaces.start();
  await gc.start();
  eventTtl.start();
  await endpoints.start();
  const scheduler = await startScheduler(registry, { log, ...opts.scheduler });
  const replicaSets = controllerEnabled(opts.controllers, 'replicaset') ? new ReplicaSetController(registry, { log }) : undefined;
  const deployments = controllerEnabled(opts.controllers, 'deployment') ? new DeploymentController(registry, { log }) : undefined;
  await replicaSets?.start();
  await deployments?.start();
  const daemonSets = new DaemonSetController(registry, log);
  const nodeLifecycle = new NodeLifecycleController(registry, log);
  const taintManager = new TaintManager(registry, log);
  await daemonSets.start();
  await nodeLifecycle.start();
  await taintManager.start();
  return {
    namespaces,
    gc,
    eventTtl,
    endpoints,
    scheduler,
    replicaSets,
    deployments,
    daemonSets,
    nodeLifecycle,
    taintManager,
    stop() {
      scheduler.stop();
      deployments?.stop();
      replicaSets?.stop();
      namespaces.stop();
      gc.stop();
      eventTtl.stop();
      endpoints.stop();
      daemonSets.stop();
      nodeLifecycle.stop();
      taintManager.stop();
    },
  };
}
