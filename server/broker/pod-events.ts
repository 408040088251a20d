// Agents' pod events (kubelet's Pulling/Pulled/Failed/BackOff/Started/Killing…)
// → core/v1 Events through the recorder, which aggregates repeats and keeps a
// crash-looping pod from flooding the store. An event is accepted only for a
// pod bound to the reporting node with the same uid (a node speaks only for
// its own pods, the NodeRestriction idea).

import type { Registry } from '../registry/registry.js';
import type { PodEventReport } from '../../shared/mqtt/rpc.js';
import { EventRecorder } from '../events/recorder.js';
import { POD } from './kinds.js';

export class PodEventIngest {
  private readonly recorders = new Map<string, EventRecorder>();

  constructor(
    private readonly registry: Registry,
    private readonly log: (m: string) => void,
  ) {}

  report(node: string, events: PodEventReport[]): void {
    for (const e of events) void this.one(node, e);
  }

  private async one(node: string, e: PodEventReport): Promise<void> {
    const pod = await this.registry.get(POD, e.pod.namespace, e.pod.name).catch(() => undefined);
    if (!pod || pod.metadata.uid !== e.pod.uid || pod.spec?.nodeName !== node) return;
    let r = this.recorders.get(node);
    if (!r) {
      r = new EventRecorder(this.registry, { component: 'kubelet', host: node, log: this.log });
      this.recorders.set(node, r);
    }
    await r.event(pod, e.type, e.reason, e.message, e.container ? `spec.containers{${e.container}}` : undefined);
  }
}
