// The namespace controller (kube-controller-manager's namespace lifecycle):
// a Namespace being deleted is Terminating; this controller deletes everything
// in it and, once nothing is left, removes the `kubernetes` finalizer through
// /finalize, which completes the deletion. Objects with their own finalizers
// are waited for (retried with backoff), as Kubernetes does.

import { KINDS, type KindInfo } from '../../shared/api/kinds.js';
import type { KubeObject } from '../../shared/api/object.js';
import type { Registry } from '../registry/registry.js';
import { NAMESPACE_FINALIZER } from '../registry/strategy.js';
import { Informer } from './informer.js';
import { WorkQueue } from './workqueue.js';

const NAMESPACE = KINDS.find((k) => k.kind === 'Namespace')!;
const NAMESPACED: KindInfo[] = KINDS.filter((k) => k.namespaced);

export class NamespaceController {
  private readonly queue: WorkQueue;
  private readonly informer: Informer;

  constructor(
    private readonly registry: Registry,
    log: (msg: string) => void = () => undefined,
  ) {
    this.queue = new WorkQueue((name) => this.sync(name), {
      baseDelayMs: 200,
      maxDelayMs: 10_000,
      onError: (name, err) => log(`namespace ${name}: ${(err as Error).message}`),
    });
    this.informer = new Informer(registry, NAMESPACE, (ns) => {
      if (ns.metadata.deletionTimestamp) this.queue.add(ns.metadata.name!);
    });
  }

  async start(): Promise<void> {
    await this.informer.start();
  }

  stop(): void {
    this.informer.stop();
    this.queue.stop();
  }

  /** for tests: resolves when no namespace is waiting to be processed */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  private async sync(name: string): Promise<void> {
    const ns = await this.registry.find(NAMESPACE, '', name);
    if (!ns) return;
    if (!ns.metadata.deletionTimestamp) return;
    let remaining = 0;
    for (const kind of NAMESPACED) {
      const deleted = await this.registry.deleteCollection(kind, name, {});
      // objects with finalizers stay (with a deletionTimestamp) until their owners finish
      remaining += deleted.filter((o) => o.metadata.deletionTimestamp).length;
    }
    if (remaining > 0) throw new Error(`waiting for ${remaining} object(s) with finalizers to be removed`);
    const finalizers = ((ns.spec?.finalizers as string[] | undefined) ?? []).filter((f) => f !== NAMESPACE_FINALIZER);
    if (finalizers.length === (ns.spec?.finalizers?.length ?? 0)) return;
    const next = structuredClone(ns) as KubeObject;
    next.spec = { ...next.spec, finalizers };
    await this.registry.update(NAMESPACE, '', name, next, { subresource: 'finalize' });
  }
}
