// Update rules (ValidateObjectMetaUpdate and the per-kind ValidateXxxUpdate):
// which fields may not change once an object exists.

import { applyDefaults } from '../defaults.js';
import { child, forbidden, index, invalid, required } from '../fielderrors.js';
import type { FieldError, KubeObject } from '../object.js';
import { diffPaths, semanticEqual } from './equal.js';
import { validateTolerations } from './scheduling.js';
import type { J } from './types.js';

const IMMUTABLE = 'field is immutable';
const MAX_INT32 = 2 ** 31 - 1;

function immutable(newVal: unknown, oldVal: unknown, path: string): FieldError[] {
  return semanticEqual(newVal, oldVal) ? [] : [invalid(path, newVal ?? null, IMMUTABLE)];
}

function validateMetaUpdate(n: J, o: J): FieldError[] {
  const errs: FieldError[] = [];
  errs.push(...immutable(n.name, o.name, 'metadata.name'));
  errs.push(...immutable(n.namespace ?? '', o.namespace ?? '', 'metadata.namespace'));
  // The server copies these from the stored object; a client may only repeat them.
  if (n.uid) errs.push(...immutable(n.uid, o.uid, 'metadata.uid'));
  if (n.creationTimestamp) errs.push(...immutable(n.creationTimestamp, o.creationTimestamp, 'metadata.creationTimestamp'));
  // A terminating object may lose finalizers but not gain them.
  if (o.deletionTimestamp) {
    const old = new Set<string>(Array.isArray(o.finalizers) ? o.finalizers : []);
    const added = (Array.isArray(n.finalizers) ? n.finalizers : []).filter((f: string) => !old.has(f));
    if (added.length) {
      errs.push(
        forbidden('metadata.finalizers', `no new finalizers can be added if the object is being deleted, found new finalizers ${JSON.stringify(added)}`),
      );
    }
  }
  return errs;
}

/** What `kubectl` may change on a running pod: images, a shorter deadline, more tolerations. */
const POD_UPDATABLE_FIELDS =
  'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,' +
  '`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),' +
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

function validateContainerUpdates(n: J[], o: J[], path: string): { errs: FieldError[]; stop: boolean } {
  if (n.length !== o.length) return { errs: [forbidden(path, 'pod updates may not add or remove containers')], stop: true };
  const errs: FieldError[] = [];
  n.forEach((c, i) => {
    if (!c.image) errs.push(required(child(index(path, i), 'image')));
    else if (typeof c.image === 'string' && c.image.trim() !== c.image) {
      errs.push(invalid(child(index(path, i), 'image'), c.image, 'must not have leading or trailing whitespace'));
    }
  });
  return { errs, stop: false };
}

function tolerationsOnlyAdded(n: J[], o: J[]): boolean {
  // every old toleration must still be there; only tolerationSeconds may change
  return o.every((old) => n.some((t) => semanticEqual({ ...old, tolerationSeconds: t.tolerationSeconds }, t)));
}

function validatePodUpdate(newObj: J, oldObj: J): FieldError[] {
  const errs: FieldError[] = [];
  // Compare defaulted specs so that an omitted default is not a change.
  const ns: J = applyDefaults(newObj).spec ?? {};
  const os: J = applyDefaults(oldObj).spec ?? {};
  const nc: J[] = Array.isArray(ns.containers) ? ns.containers : [];
  const oc: J[] = Array.isArray(os.containers) ? os.containers : [];
  const ni: J[] = Array.isArray(ns.initContainers) ? ns.initContainers : [];
  const oi: J[] = Array.isArray(os.initContainers) ? os.initContainers : [];
  for (const [n, o, p] of [
    [nc, oc, 'spec.containers'],
    [ni, oi, 'spec.initContainers'],
  ] as Array<[J[], J[], string]>) {
    const r = validateContainerUpdates(n, o, p);
    errs.push(...r.errs);
    if (r.stop) return errs;
  }
  const nads = ns.activeDeadlineSeconds;
  const oads = os.activeDeadlineSeconds;
  if (nads !== undefined) {
    if (nads < 0 || nads > MAX_INT32) return [...errs, invalid('spec.activeDeadlineSeconds', nads, `must be between 0 and ${MAX_INT32}, inclusive`)];
    if (oads !== undefined && oads < nads) return [...errs, invalid('spec.activeDeadlineSeconds', nads, 'must be less than or equal to previous value')];
  } else if (oads !== undefined) {
    errs.push(invalid('spec.activeDeadlineSeconds', null, 'must not update from a positive integer to nil value'));
  }
  const nt: J[] = Array.isArray(ns.tolerations) ? ns.tolerations : [];
  const ot: J[] = Array.isArray(os.tolerations) ? os.tolerations : [];
  if (!tolerationsOnlyAdded(nt, ot)) {
    errs.push(forbidden('spec.tolerations', 'existing toleration can not be modified except its tolerationSeconds'));
  }
  errs.push(...validateTolerations(nt, 'spec.tolerations'));

  // Everything else must be unchanged: put the mutable fields back and compare.
  const munged: J = {
    ...ns,
    containers: nc.map((c, i) => ({ ...c, image: oc[i]?.image })),
    initContainers: ni.map((c, i) => ({ ...c, image: oi[i]?.image })),
    activeDeadlineSeconds: oads,
    tolerations: os.tolerations,
  };
  if (typeof os.terminationGracePeriodSeconds === 'number' && os.terminationGracePeriodSeconds < 0 && munged.terminationGracePeriodSeconds === 1) {
    munged.terminationGracePeriodSeconds = os.terminationGracePeriodSeconds;
  }
  if (!semanticEqual(munged, os)) {
    const changed = diffPaths(os, munged, 'spec');
    errs.push(forbidden('spec', `${POD_UPDATABLE_FIELDS}\n  changed: ${changed.join(', ')}`));
  }
  return errs;
}

function validateSelectorUpdate(n: J, o: J): FieldError[] {
  // apps/v1 selectors are immutable: changing one would orphan the existing pods.
  return immutable(n.spec?.selector, o.spec?.selector, 'spec.selector');
}

function validateServiceUpdate(n: J, o: J): FieldError[] {
  const oldIP = o.spec?.clusterIP;
  if (!oldIP) return [];
  // The allocated IP is the service's identity in DNS and in every node's rules.
  const newIP = n.spec?.clusterIP ?? '';
  return newIP === oldIP ? [] : [invalid('spec.clusterIP', newIP, IMMUTABLE)];
}

function validateImmutableData(n: J, o: J, fields: string[]): FieldError[] {
  if (o.immutable !== true) return [];
  const errs: FieldError[] = [];
  const msg = 'field is immutable when `immutable` is set';
  if (n.immutable !== true) errs.push(forbidden('immutable', msg));
  for (const f of fields) if (!semanticEqual(n[f], o[f])) errs.push(forbidden(f, msg));
  return errs;
}

function validateSecretUpdate(newObj: J, oldObj: J): FieldError[] {
  const n: J = applyDefaults(newObj);
  const o: J = applyDefaults(oldObj);
  return [...immutable(n.type, o.type, 'type'), ...validateImmutableData(n, o, ['data'])];
}

function validateNodeUpdate(n: J, o: J): FieldError[] {
  const errs: FieldError[] = [];
  const oc: string[] = o.spec?.podCIDRs ?? (o.spec?.podCIDR ? [o.spec.podCIDR] : []);
  const nc: string[] = n.spec?.podCIDRs ?? (n.spec?.podCIDR ? [n.spec.podCIDR] : []);
  // Routes and CNI config on every node depend on it.
  if (oc.length > 0 && !semanticEqual(oc, nc)) {
    errs.push(forbidden('spec.podCIDRs', 'node updates may not change podCIDR except from "" to valid'));
  }
  const op = o.spec?.providerID;
  if (op && op !== n.spec?.providerID) {
    errs.push(forbidden('spec.providerID', 'node updates may not change providerID except from "" to valid'));
  }
  return errs;
}

const BY_KIND: Record<string, (n: J, o: J) => FieldError[]> = {
  Pod: validatePodUpdate,
  Deployment: validateSelectorUpdate,
  ReplicaSet: validateSelectorUpdate,
  DaemonSet: validateSelectorUpdate,
  Service: validateServiceUpdate,
  ConfigMap: (n, o) => validateImmutableData(n, o, ['data', 'binaryData']),
  Secret: validateSecretUpdate,
  Node: validateNodeUpdate,
};

export function validateObjectUpdate(newObj: KubeObject, oldObj: KubeObject): FieldError[] {
  const errs = validateMetaUpdate(newObj.metadata ?? {}, oldObj.metadata ?? {});
  const fn = newObj.kind === oldObj.kind ? BY_KIND[newObj.kind] : undefined;
  if (fn) errs.push(...fn(newObj, oldObj));
  return errs;
}
