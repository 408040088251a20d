// How the worker finds the ConfigMaps and Secrets a pod references: a Map
// keyed `Kind/namespace/name` or a lookup function.
import type { KubeObject } from '../../shared/api/object.js';

export type RefKind = 'ConfigMap' | 'Secret';
export type RefLookup = Map<string, KubeObject> | ((kind: RefKind, namespace: string, name: string) => KubeObject | undefined);

export function refKey(kind: RefKind, namespace: string, name: string): string {
  return `${kind}/${namespace}/${name}`;
}

export function lookupRef(refs: RefLookup, kind: RefKind, namespace: string, name: string): KubeObject | undefined {
  return typeof refs === 'function' ? refs(kind, namespace, name) : refs.get(refKey(kind, namespace, name));
}

/** The data of a ConfigMap (data + binaryData) or Secret (base64 data + stringData) as bytes. */
export function refData(obj: KubeObject, kind: RefKind): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const o = obj as Record<string, unknown>;
  if (kind === 'ConfigMap') {
    for (const [k, v] of Object.entries((o.data ?? {}) as Record<string, string>)) out.set(k, Buffer.from(v, 'utf8'));
    for (const [k, v] of Object.entries((o.binaryData ?? {}) as Record<string, string>)) out.set(k, Buffer.from(v, 'base64'));
  } else {
    for (const [k, v] of Object.entries((o.data ?? {}) as Record<string, string>)) out.set(k, Buffer.from(v, 'base64'));
    for (const [k, v] of Object.entries((o.stringData ?? {}) as Record<string, string>)) out.set(k, Buffer.from(v, 'utf8'));
  }
  return out;
}
