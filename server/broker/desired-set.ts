// Pure planner: the desired set of every node — its bound, non-terminal pods
// plus the ConfigMaps and Secrets those pods reference (so the node can
// (re)start them while the server is unreachable).

import type { KubeObject } from '../../shared/api/object.js';
import type { DesiredSet } from '../../shared/mqtt/messages.js';

export type DesiredContent = Omit<DesiredSet, 'revision'>;

const TERMINAL = new Set(['Succeeded', 'Failed']);

/** Names of ConfigMaps and Secrets a pod reads (volumes, env, envFrom, projected). */
export function referencedConfig(pod: KubeObject): { configMaps: Set<string>; secrets: Set<string> } {
  const configMaps = new Set<string>();
  const secrets = new Set<string>();
  const spec = (pod as any).spec ?? {};
  for (const v of spec.volumes ?? []) {
    if (v.configMap?.name) configMaps.add(v.configMap.name);
    if (v.secret?.secretName) secrets.add(v.secret.secretName);
    for (const s of v.projected?.sources ?? []) {
      if (s.configMap?.name) configMaps.add(s.configMap.name);
      if (s.secret?.name) secrets.add(s.secret.name);
    }
  }
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
    for (const e of c.env ?? []) {
      if (e.valueFrom?.configMapKeyRef?.name) configMaps.add(e.valueFrom.configMapKeyRef.name);
      if (e.valueFrom?.secretKeyRef?.name) secrets.add(e.valueFrom.secretKeyRef.name);
    }
    for (const e of c.envFrom ?? []) {
      if (e.configMapRef?.name) configMaps.add(e.configMapRef.name);
      if (e.secretRef?.name) secrets.add(e.secretRef.name);
    }
  }
  for (const s of spec.imagePullSecrets ?? []) if (s.name) secrets.add(s.name);
  return { configMaps, secrets };
}

const key = (o: KubeObject) => `${o.metadata.namespace}/${o.metadata.name}`;
const byKey = (a: KubeObject, b: KubeObject) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

/** One entry per node in `nodeNames` and per node some pod is bound to. */
export function planDesiredSets(
  nodeNames: Iterable<string>,
  pods: readonly KubeObject[],
  configMaps: readonly KubeObject[],
  secrets: readonly KubeObject[],
): Map<string, DesiredContent> {
  const cmIndex = new Map(configMaps.map((o) => [key(o), o]));
  const secIndex = new Map(secrets.map((o) => [key(o), o]));
  const sets = new Map<string, DesiredContent>();
  const setFor = (n: string) => {
    let s = sets.get(n);
    if (!s) sets.set(n, (s = { nodeName: n, pods: [], configMaps: [], secrets: [] }));
    return s;
  };
  for (const n of nodeNames) setFor(n);
  for (const pod of [...pods].sort(byKey)) {
    const node = (pod as any).spec?.nodeName;
    if (typeof node !== 'string' || !node) continue;
    if (TERMINAL.has((pod as any).status?.phase)) continue;
    const set = setFor(node);
    set.pods.push(pod);
    const ns = pod.metadata.namespace!;
    const refs = referencedConfig(pod);
    for (const name of refs.configMaps) {
      const o = cmIndex.get(`${ns}/${name}`);
      if (o && !set.configMaps.includes(o)) set.configMaps.push(o);
    }
    for (const name of refs.secrets) {
      const o = secIndex.get(`${ns}/${name}`);
      if (o && !set.secrets.includes(o)) set.secrets.push(o);
    }
  }
  for (const s of sets.values()) {
    s.configMaps.sort(byKey);
    s.secrets.sort(byKey);
  }
  return sets;
}
