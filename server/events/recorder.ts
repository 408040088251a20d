// Events as Kubernetes' client-go record package writes them (core/v1 Event):
// repeats of the same (object, type, reason, message, source) are aggregated
// into one Event whose `count` and `lastTimestamp` grow, and a per-object
// token bucket keeps a flapping object from flooding the store (client-go's
// EventSourceObjectSpamFilter: burst 25, one token per 5 minutes). Writing an
// Event never fails the caller: errors go to the log.

import type { KubeObject } from '../../shared/api/object.js';
import { KINDS } from '../../shared/api/kinds.js';
import type { Registry } from '../registry/registry.js';

const EVENT = KINDS.find((k) => k.kind === 'Event')!;

export type EventType = 'Normal' | 'Warning';

export interface EventRecorderOptions {
  /** `source.component` / `reportingComponent`, e.g. `default-scheduler` */
  component: string;
  host?: string;
  log?: (msg: string) => void;
  now?: () => number;
  /** spam filter burst (default 25) */
  burst?: number;
  /** spam filter refill interval per token (default 5 min) */
  refillMs?: number;
  /** aggregation cache size (default 4096 keys) */
  cacheSize?: number;
}

interface Cached {
  name: string;
  namespace: string;
  count: number;
  firstTimestamp: string;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class EventRecorder {
  private readonly cache = new Map<string, Cached>();
  private readonly buckets = new Map<string, Bucket>();
  /** writes for one aggregation key are serialized so counts never go backwards */
  private readonly chains = new Map<string, Promise<void>>();
  private readonly now: () => number;
  private readonly burst: number;
  private readonly refillMs: number;
  private readonly cacheSize: number;

  constructor(
    private readonly registry: Registry,
    private readonly opts: EventRecorderOptions,
  ) {
    this.now = opts.now ?? Date.now;
    this.burst = opts.burst ?? 25;
    this.refillMs = opts.refillMs ?? 5 * 60_000;
    this.cacheSize = opts.cacheSize ?? 4096;
  }

  /** record an event about `obj`; resolves once written (or dropped), never rejects */
  event(obj: KubeObject, type: EventType, reason: string, message: string, fieldPath?: string): Promise<void> {
    const ref = objectReference(obj);
    if (fieldPath) ref.fieldPath = fieldPath;
    const objKey = `${ref.kind}/${ref.namespace ?? ''}/${ref.name}/${ref.uid ?? ''}/${fieldPath ?? ''}`;
    if (!this.allow(objKey)) return Promise.resolve();
    const key = `${objKey}\u0000${type}\u0000${reason}\u0000${message}`;
    const prev = this.chains.get(key) ?? Promise.resolve();
    const next = prev.then(() => this.write(key, ref, type, reason, message)).catch((err) => {
      this.opts.log?.(`event ${reason} for ${ref.kind} ${ref.name}: ${(err as Error).message}`);
    });
    this.chains.set(key, next);
    void next.then(() => {
      if (this.chains.get(key) === next) this.chains.delete(key);
    });
    return next;
  }

  private allow(objKey: string): boolean {
    const t = this.now();
    const b = this.buckets.get(objKey) ?? { tokens: this.burst, at: t };
    const refill = Math.floor((t - b.at) / this.refillMs);
    if (refill > 0) {
      b.tokens = Math.min(this.burst, b.tokens + refill);
      b.at += refill * this.refillMs;
    }
    if (b.tokens <= 0) {
      this.buckets.set(objKey, b);
      return false;
    }
    b.tokens -= 1;
    this.buckets.delete(objKey);
    this.buckets.set(objKey, b);
    if (this.buckets.size > this.cacheSize) this.buckets.delete(this.buckets.keys().next().value as string);
    return true;
  }

  private async write(key: string, ref: Ref, type: EventType, reason: string, message: string): Promise<void> {
    const stamp = new Date(this.now()).toISOString().replace(/\.\d+Z$/, 'Z');
    const cached = this.cache.get(key);
    if (cached) {
      cached.count += 1;
      try {
        await this.registry.patch(EVENT, cached.namespace, cached.name, 'merge', {
          count: cached.count,
          lastTimestamp: stamp,
        });
        this.touch(key, cached);
        return;
      } catch {
        // expired or deleted: start a new Event below
        this.cache.delete(key);
      }
    }
    const namespace = ref.namespace || 'default';
    const name = `${ref.name}.${(BigInt(this.now()) * 1_000_000n + BigInt(Math.floor(Math.random() * 1e6))).toString(16)}`;
    const body: KubeObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject: ref,
      reason,
      message,
      type,
      count: 1,
      firstTimestamp: stamp,
      lastTimestamp: stamp,
      source: { component: this.opts.component, ...(this.opts.host ? { host: this.opts.host } : {}) },
      reportingComponent: this.opts.component,
      reportingInstance: this.opts.host ?? '',
    };
    await this.registry.create(EVENT, namespace, body);
    this.touch(key, { name, namespace, count: 1, firstTimestamp: stamp });
  }

  private touch(key: string, c: Cached): void {
    this.cache.delete(key);
    this.cache.set(key, c);
    if (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value as string);
  }
}

interface Ref {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  fieldPath?: string;
}

function objectReference(obj: KubeObject): Ref {
  const ref: Ref = { apiVersion: obj.apiVersion, kind: obj.kind, name: obj.metadata.name ?? '' };
  if (obj.metadata.namespace) ref.namespace = obj.metadata.namespace;
  if (obj.metadata.uid) ref.uid = obj.metadata.uid;
  if (obj.metadata.resourceVersion) ref.resourceVersion = obj.metadata.resourceVersion;
  return ref;
}
