// The garbage collector's view of the object graph: every object by uid, and
// the dependents of every owner uid (from metadata.ownerReferences).

import type { KindInfo } from '../../shared/api/kinds.js';
import type { KubeObject } from '../../shared/api/object.js';

export interface ObjectRef {
  kind: KindInfo;
  namespace: string;
  name: string;
  uid: string;
}

export function refKey(r: { kind: KindInfo; namespace: string; name: string }): string {
  return `${r.kind.group}/${r.kind.kind}/${r.namespace}/${r.name}`;
}

export class OwnerIndex {
  private readonly byUid = new Map<string, ObjectRef>();
  private readonly ownersOf = new Map<string, string[]>();
  private readonly dependents = new Map<string, Set<string>>();

  upsert(kind: KindInfo, obj: KubeObject): void {
    const uid = obj.metadata.uid!;
    const ref: ObjectRef = { kind, namespace: obj.metadata.namespace ?? '', name: obj.metadata.name!, uid };
    this.byUid.set(uid, ref);
    const owners = (obj.metadata.ownerReferences ?? []).map((o) => o.uid);
    this.unlinkOwners(uid);
    this.ownersOf.set(uid, owners);
    for (const o of owners) {
      let set = this.dependents.get(o);
      if (!set) this.dependents.set(o, (set = new Set()));
      set.add(uid);
    }
  }

  remove(uid: string): void {
    this.byUid.delete(uid);
    this.unlinkOwners(uid);
    this.ownersOf.delete(uid);
  }

  get(uid: string): ObjectRef | undefined {
    return this.byUid.get(uid);
  }

  dependentsOf(ownerUid: string): ObjectRef[] {
    return [...(this.dependents.get(ownerUid) ?? [])].map((u) => this.byUid.get(u)).filter((r): r is ObjectRef => !!r);
  }

  private unlinkOwners(uid: string): void {
    for (const o of this.ownersOf.get(uid) ?? []) {
      const set = this.dependents.get(o);
      set?.delete(uid);
      if (set && set.size === 0) this.dependents.delete(o);
    }
  }
}
