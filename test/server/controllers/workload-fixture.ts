// The real server in-process (store, API, controllers) plus a pod driver that
// plays the nodes' part for workload tests: there is no scheduler on this
// branch, so pods stay unbound, and the driver reports them Running and Ready
// through the pods' /status subresource, as an agent does.

import { KINDS } from '../../../shared/api/kinds.js';
import type { KubeObject } from '../../../shared/api/object.js';
import { startWatch, type WatchEvent } from '../../../server/registry/watch.js';
import type { Registry } from '../../../server/registry/registry.js';
import { startFixture, type Fixture } from '../broker/fixture.js';

export const POD = KINDS.find((k) => k.kind === 'Pod')!;
export const RS = KINDS.find((k) => k.kind === 'ReplicaSet')!;
export const DEPLOY = KINDS.find((k) => k.kind === 'Deployment')!;
export const EVENT = KINDS.find((k) => k.kind === 'Event')!;

export function isReady(pod: KubeObject): boolean {
  return (pod.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');
}

/** a pod status as an agent reports it: Running and Ready since `at` */
export async function markReady(registry: Registry, pod: KubeObject, at = new Date()): Promise<void> {
  const t = at.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const next = structuredClone(pod) as KubeObject;
  next.status = {
    phase: 'Running',
    conditions: [
      { type: 'Ready', status: 'True', lastTransitionTime: t },
      { type: 'ContainersReady', status: 'True', lastTransitionTime: t },
    ],
    startTime: t,
  };
  delete next.metadata.resourceVersion;
  await registry.update(POD, pod.metadata.namespace ?? '', pod.metadata.name!, next, { subresource: 'status' }).catch(() => undefined);
}

/**
 * Makes pods Ready as they appear, when `accept(pod)` says so (default: all).
 * `hold()` / `release()` switch it off and on; release() readies what waited.
 */
export class PodDriver {
  accept: (pod: KubeObject) => boolean = () => true;
  private held = false;
  private readonly pending = new Map<string, KubeObject>();
  private close: (() => void) | undefined;

  constructor(private readonly registry: Registry) {}

  async start(namespace: string): Promise<void> {
    const w = await startWatch(this.registry, POD, { namespace, resourceVersion: '0', matcher: this.registry.matcher(POD, {}) }, (ev) => this.on(ev));
    this.close = () => w.close();
  }

  stop(): void {
    this.close?.();
  }

  hold(): void {
    this.held = true;
  }

  release(): void {
    this.held = false;
    for (const p of this.pending.values()) this.consider(p);
  }

  private on(ev: WatchEvent): void {
    const key = ev.object.metadata.name!;
    if (ev.type === 'DELETED') {
      this.pending.delete(key);
      return;
    }
    this.consider(ev.object);
  }

  private consider(pod: KubeObject): void {
    const key = pod.metadata.name!;
    if (isReady(pod)) {
      this.pending.delete(key);
      return;
    }
    if (this.held || !this.accept(pod)) {
      this.pending.set(key, pod);
      return;
    }
    this.pending.delete(key);
    void markReady(this.registry, pod);
  }
}

export interface WorkloadFixture {
  fx: Fixture;
  registry: Registry;
  driver: PodDriver;
  ns: string;
  dispose(): Promise<void>;
}

export async function startWorkloads(ns: string): Promise<WorkloadFixture> {
  const fx = await startFixture();
  const registry = fx.server.registry;
  const NAMESPACE = KINDS.find((k) => k.kind === 'Namespace')!;
  await registry.create(NAMESPACE, '', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  const driver = new PodDriver(registry);
  await driver.start(ns);
  return {
    fx,
    registry,
    driver,
    ns,
    async dispose() {
      driver.stop();
      await fx.dispose();
    },
  };
}

export function deployment(name: string, opts: { replicas?: number; image?: string; strategy?: unknown; extra?: Record<string, unknown> } = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas: opts.replicas ?? 3,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: opts.image ?? 'busybox:1' }] } },
      ...(opts.strategy ? { strategy: opts.strategy } : {}),
      ...(opts.extra ?? {}),
    },
  };
}

/** poll until `check` holds (50 ms steps); the error names what was awaited and the last value seen */
export async function until<T>(get: () => Promise<T>, check: (v: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await get();
    if (check(last)) return last;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)?.slice(0, 2000)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
