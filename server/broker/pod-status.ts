// Agents' pod status reports → Pod.status through the registry's status path.
// A report is applied only when the pod is bound to the reporting node and is
// the same incarnation (uid); unchanged status is not written.

import type { Registry } from '../registry/registry.js';
import type { PodStatusReport } from '../../shared/mqtt/messages.js';
import { isConflict, isNotFound, POD } from './kinds.js';
import { KeyedSync } from './keyed-sync.js';
import { jsonEqual } from '../registry/deep-equal.js';

const CONFLICT_RETRY_MS = 20;

interface Pending {
  node: string;
  report: PodStatusReport;
}

export class PodStatusIngest {
  private pending = new Map<string, Pending>();
  private sync: KeyedSync;

  constructor(
    private readonly registry: Registry,
    log: (m: string) => void,
  ) {
    this.sync = new KeyedSync(
      (k) => this.apply(k),
      (k, err) => log(`pod ${k}: status write failed: ${(err as Error).message}`),
    );
  }

  report(node: string, namespace: string, pod: string, report: PodStatusReport): void {
    // latest wins: a burst of reports for one pod becomes one write
    const k = `${namespace}/${pod}`;
    this.pending.set(k, { node, report });
    this.sync.kick(k);
  }

  private async apply(k: string): Promise<void> {
    const p = this.pending.get(k);
    if (!p) return;
    this.pending.delete(k);
    const [namespace, name] = k.split('/');
    let pod;
    try {
      pod = await this.registry.get(POD, namespace, name);
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    if ((pod as any).spec?.nodeName !== p.node || pod.metadata.uid !== p.report.uid) return;
    if (jsonEqual((pod as any).status ?? {}, p.report.status)) return;
    try {
      await this.registry.update(POD, namespace, name, { ...structuredClone(pod), status: p.report.status }, { subresource: 'status' });
    } catch (err) {
      if (isConflict(err)) {
        // Not at once: the store answers Conflict while the other write waits for its
        // fsync, and an immediate retry is a microtask loop that starves that very fsync
        // (the server livelocked when the node lifecycle controller marked this pod not
        // ready at the same moment). As node-lifecycle.ts does.
        if (!this.pending.has(k)) this.pending.set(k, p);
        setTimeout(() => this.sync.kick(k), CONFLICT_RETRY_MS).unref();
      } else throw err;
    }
  }

  drain(): Promise<void> {
    return this.sync.drain();
  }
}
