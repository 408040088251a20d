// The seam between the agent's MQTT session and the pod worker: a desired set
// becomes the worker's input (pods + ConfigMap/Secret lookup), and the worker's
// status changes become pod status reports. The latest report per pod is kept
// and sent again on every (re)connect, because a restarted server has lost
// whatever it had not yet written (level-triggered, not edge-triggered).

import type { KubeObject } from '../shared/api/object.js';
import type { DesiredSet, PodStatusReport } from '../shared/mqtt/messages.js';
import { refKey, type RefLookup } from './pods/refs.js';

export function workerInput(set: DesiredSet): { pods: KubeObject[]; refs: RefLookup } {
  const refs = new Map<string, KubeObject>();
  for (const c of set.configMaps) refs.set(refKey('ConfigMap', c.metadata.namespace ?? '', c.metadata.name ?? ''), c);
  for (const s of set.secrets) refs.set(refKey('Secret', s.metadata.namespace ?? '', s.metadata.name ?? ''), s);
  return { pods: set.pods, refs };
}

export type PodStatusPublisher = (namespace: string, pod: string, report: PodStatusReport) => void;

const podKey = (p: KubeObject) => `${p.metadata.namespace ?? ''}/${p.metadata.name ?? ''}`;

export class PodStatusRelay {
  private uids = new Map<string, string>();
  private readonly latest = new Map<string, PodStatusReport>();
  private publisher: PodStatusPublisher | undefined;

  /** the pods currently desired: reports are only sent for these (by uid) */
  desired(pods: readonly KubeObject[]): void {
    this.uids = new Map(pods.map((p) => [podKey(p), p.metadata.uid ?? '']));
    for (const [key, r] of this.latest) if (this.uids.get(key) !== r.uid) this.latest.delete(key);
  }

  /** the worker's onStatus */
  status(key: string, status: object): void {
    const uid = this.uids.get(key);
    if (!uid) return;
    const report: PodStatusReport = { uid, status: status as Record<string, unknown> };
    this.latest.set(key, report);
    this.send(key, report);
  }

  /** connect (or replace) the publishing side and send every latest report */
  attach(publish: PodStatusPublisher): void {
    this.publisher = publish;
    this.flush();
  }

  flush(): void {
    for (const [key, r] of this.latest) this.send(key, r);
  }

  private send(key: string, r: PodStatusReport): void {
    if (!this.publisher) return;
    const i = key.indexOf('/');
    this.publisher(key.slice(0, i), key.slice(i + 1), r);
  }
}
