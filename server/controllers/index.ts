// The in-process controllers (kube-controller-manager's role).

import type { Registry } from '../registry/registry.js';
import { NamespaceController } from './namespace.js';
import { GarbageCollector } from './gc.js';
import { EventTtl } from '../events/ttl.js';
import { EndpointsController } from './endpoints.js';
import { startScheduler } from '../scheduler/index.js';
import type { Scheduler, SchedulerOptions } from '../scheduler/scheduler.js';

export interface ControllerOptions {
  /** Event TTL (apiserver --event-ttl; default 1 h) */
  eventTtlMs?: number;
  /** scheduler tuning; `imagePlatformLookup` lets it ask registries for image os/arch */
  scheduler?: SchedulerOptions & { imagePlatformLookup?: boolean };
}

export interface Controllers {
  namespaces: NamespaceController;
  gc: GarbageCollector;
  eventTtl: EventTtl;
  endpoints: EndpointsController;
  scheduler: Scheduler;
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
  return {
    namespaces,
    gc,
    eventTtl,
    endpoints,
    scheduler,
    stop() {
      scheduler.stop();
      namespaces.stop();
      gc.stop();
      eventTtl.stop();
      endpoints.stop();
    },
  };
}
