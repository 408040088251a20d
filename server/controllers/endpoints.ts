// The endpoints controller: for every Service with a selector, an Endpoints
// object of the same name listing the selected pods' addresses (ready and
// not ready) and ports. Level-triggered: Service, Pod and Endpoints events
// only queue service keys; each sync recomputes the whole object from the
// informer caches and writes only when it differs from what is stored.
// Services without a selector keep their user-managed Endpoints.

import { KINDS } from '../../shared/api/kinds.js';
import type { KubeObject } from '../../shared/api/object.js';
import { ApiError } from '../api/status.js';
import { jsonEqual } from '../registry/deep-equal.js';
import type { Registry } from '../registry/registry.js';
import { desiredEndpoints, hasSelector, MANAGED_LABEL, MANAGED_VALUE, selects } from './endpoints-plan.js';
import { Informer } from './informer.js';
import { WorkQueue } from './workqueue.js';

const SERVICE = KINDS.find((k) => k.kind === 'Service')!;
const POD = KINDS.find((k) => k.kind === 'Pod')!;
const ENDPOINTS = KINDS.find((k) => k.kind === 'Endpoints')!;

const keyOf = (o: KubeObject) => `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;
const isNotFound = (err: unknown) => err instanceof ApiError && err.status.code === 404;
const isConflict = (err: unknown) => err instanceof ApiError && (err.status.code === 409 || err.status.reason === 'AlreadyExists');

export class EndpointsController {
  private readonly queue: WorkQueue;
  private readonly informers: Informer[];
  /** informer caches (store objects are immutable, so holding them is free) */
  private readonly services = new Map<string, KubeObject>();
  private readonly servicesByNs = new Map<string, Map<string, KubeObject>>();
  private readonly podsByNs = new Map<string, Map<string, KubeObject>>();

  constructor(
    private readonly registry: Registry,
    log: (msg: string) => void = () => undefined,
  ) {
    this.queue = new WorkQueue((key) => this.sync(key), {
      baseDelayMs: 100,
      maxDelayMs: 10_000,
      onError: (key, err) => log(`endpoints ${key}: ${(err as Error).message}`),
    });
    this.informers = [
      new Informer(
        registry,
        SERVICE,
        (s) => this.serviceChanged(s, false),
        (s) => this.serviceChanged(s, true),
      ),
      new Informer(
        registry,
        POD,
        (p) => this.podChanged(p, false),
        (p) => this.podChanged(p, true),
      ),
      // a user edit or delete of a managed Endpoints object is put right again
      new Informer(
        registry,
        ENDPOINTS,
        (e) => this.queue.add(keyOf(e)),
        (e) => this.queue.add(keyOf(e)),
      ),
    ];
  }

  async start(): Promise<void> {
    // services first, so the first pod events already find their services
    for (const i of this.informers) await i.start();
  }

  stop(): void {
    for (const i of this.informers) i.stop();
    this.queue.stop();
  }

  /** for tests: resolves when no service is waiting to be synced */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  private serviceChanged(svc: KubeObject, deleted: boolean): void {
    const key = keyOf(svc);
    if (deleted) this.services.delete(key);
    else this.services.set(key, svc);
    setIndexed(this.servicesByNs, svc, deleted);
    this.queue.add(key);
  }

  /** Queue the services that select the pod now and those that selected its previous version (labels may have changed). */
  private podChanged(pod: KubeObject, deleted: boolean): void {
    const ns = pod.metadata.namespace ?? '';
    const previous = this.podsByNs.get(ns)?.get(pod.metadata.name ?? '');
    setIndexed(this.podsByNs, pod, deleted);
    for (const [name, svc] of this.servicesByNs.get(ns) ?? []) {
      if ((!deleted && selects(svc, pod)) || (previous && selects(svc, previous))) this.queue.add(`${ns}/${name}`);
    }
  }

  private async sync(key: string): Promise<void> {
    const [ns, name] = key.split('/') as [string, string];
    const svc = this.services.get(key);
    const current = await this.getEndpoints(ns, name);
    if (!svc) {
      // the Service is gone: remove the Endpoints this controller made (user-made ones stay)
      if (current && current.metadata.labels?.[MANAGED_LABEL] === MANAGED_VALUE) {
        try {
          await this.registry.delete(ENDPOINTS, ns, name, { preconditions: { uid: current.metadata.uid } });
        } catch (err) {
          if (!isNotFound(err)) throw err;
        }
      }
      return;
    }
    if (!hasSelector(svc)) return;
    const want = desiredEndpoints(svc, [...(this.podsByNs.get(ns)?.values() ?? [])]);
    if (current && jsonEqual(current.subsets ?? [], want.subsets ?? []) && jsonEqual(current.metadata.labels ?? {}, want.metadata.labels ?? {})) return;
    try {
      if (!current) {
        await this.registry.create(ENDPOINTS, ns, want);
      } else {
        const next = structuredClone(current) as KubeObject;
        next.metadata.labels = want.metadata.labels;
        if (want.subsets) next.subsets = want.subsets;
        else delete next.subsets;
        await this.registry.update(ENDPOINTS, ns, name, next);
      }
    } catch (err) {
      // someone wrote in between: retry from fresh state (the queue backs off)
      if (isConflict(err)) throw new Error(`endpoints ${key} changed while syncing; retrying`, { cause: err });
      throw err;
    }
  }

  private async getEndpoints(ns: string, name: string): Promise<KubeObject | undefined> {
    try {
      return await this.registry.get(ENDPOINTS, ns, name);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }
}

function setIndexed(index: Map<string, Map<string, KubeObject>>, obj: KubeObject, deleted: boolean): void {
  const ns = obj.metadata.namespace ?? '';
  let byName = index.get(ns);
  if (deleted) {
    byName?.delete(obj.metadata.name ?? '');
    if (byName?.size === 0) index.delete(ns);
    return;
  }
  if (!byName) index.set(ns, (byName = new Map()));
  byName.set(obj.metadata.name ?? '', obj);
}
