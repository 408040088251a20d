// Pure planner for the taints the node lifecycle controller owns
// (nodelifecycle's doNoExecuteTaintingPass and doNoScheduleTaintingPass):
//   Ready=False   → node.kubernetes.io/not-ready   NoExecute + NoSchedule
//   Ready=Unknown → node.kubernetes.io/unreachable NoExecute + NoSchedule
//                   (also when the node never reported a Ready condition)
//   MemoryPressure/DiskPressure=True → …/memory-pressure, …/disk-pressure NoSchedule
//   spec.unschedulable → node.kubernetes.io/unschedulable NoSchedule
// Taints of other keys are left alone; a taint already present keeps its timeAdded.

import type { KubeObject } from '../../shared/api/object.js';
import {
  TAINT_DISK_PRESSURE,
  TAINT_MEMORY_PRESSURE,
  TAINT_NOT_READY,
  TAINT_UNREACHABLE,
  TAINT_UNSCHEDULABLE,
  type Taint,
} from './tolerations.js';

const OWNED = new Set([TAINT_NOT_READY, TAINT_UNREACHABLE, TAINT_UNSCHEDULABLE, TAINT_MEMORY_PRESSURE, TAINT_DISK_PRESSURE]);

export type ReadyState = 'True' | 'False' | 'Unknown';

export function readyState(node: KubeObject): ReadyState {
  const c = ((node as any).status?.conditions ?? []).find((x: any) => x.type === 'Ready');
  return c?.status === 'True' ? 'True' : c?.status === 'False' ? 'False' : 'Unknown';
}

function conditionTrue(node: KubeObject, type: string): boolean {
  return ((node as any).status?.conditions ?? []).some((x: any) => x.type === type && x.status === 'True');
}

const same = (a: Taint, b: Taint) => a.key === b.key && a.effect === b.effect;

/** the node's full wanted taint list, or undefined when it already has it */
export function planNodeTaints(node: KubeObject, now: Date): Taint[] | undefined {
  const current: Taint[] = node.spec?.taints ?? [];
  const stamp = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const wanted: Taint[] = [];
  const ready = readyState(node);
  if (ready === 'False') wanted.push({ key: TAINT_NOT_READY, effect: 'NoExecute' }, { key: TAINT_NOT_READY, effect: 'NoSchedule' });
  if (ready === 'Unknown') wanted.push({ key: TAINT_UNREACHABLE, effect: 'NoExecute' }, { key: TAINT_UNREACHABLE, effect: 'NoSchedule' });
  if (ready === 'True' && conditionTrue(node, 'MemoryPressure')) wanted.push({ key: TAINT_MEMORY_PRESSURE, effect: 'NoSchedule' });
  if (ready === 'True' && conditionTrue(node, 'DiskPressure')) wanted.push({ key: TAINT_DISK_PRESSURE, effect: 'NoSchedule' });
  if (node.spec?.unschedulable === true) wanted.push({ key: TAINT_UNSCHEDULABLE, effect: 'NoSchedule' });

  const next: Taint[] = current.filter((t) => !OWNED.has(t.key) || wanted.some((w) => same(w, t)));
  for (const w of wanted) {
    if (next.some((t) => same(t, w))) continue;
    // NoExecute taints carry the time the taint manager counts tolerationSeconds from
    next.push(w.effect === 'NoExecute' ? { ...w, timeAdded: stamp } : w);
  }
  const changed = next.length !== current.length || next.some((t, i) => !same(t, current[i]));
  return changed ? next : undefined;
}
