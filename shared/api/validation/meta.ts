// ObjectMeta, labels, annotations and label selectors, as
// apimachinery/pkg/api/validation/objectmeta.go and
// apimachinery/pkg/apis/meta/v1/validation/validation.go validate them.

import { child, duplicate, forbidden, index, invalid, required, tooLong } from '../fielderrors.js';
import { isDNS1035Label, isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidLabelValue } from '../names.js';
import type { FieldError } from '../object.js';
import type { J } from './types.js';

/** Total size of all annotation keys and values (TotalAnnotationSizeLimitB). */
export const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

/** Finalizers Kubernetes knows without a domain prefix. */
const STANDARD_FINALIZERS = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

export type NameValidator = (name: string, prefix: boolean) => string[];

/** A generateName prefix may end in '-' (the random suffix follows), so mask it (maskTrailingDash). */
function prefixed(fn: (s: string) => string[]): NameValidator {
  return (name, prefix) => fn(prefix && name.length > 1 && name.endsWith('-') ? `${name.slice(0, -1)}a` : name);
}

export const nameIsDNSSubdomain = prefixed(isDNS1123Subdomain);
export const nameIsDNSLabel = prefixed(isDNS1123Label);
export const nameIsDNS1035Label = prefixed(isDNS1035Label);

export function validateNonnegative(value: unknown, path: string): FieldError[] {
  return typeof value === 'number' && value < 0 ? [invalid(path, value, 'must be greater than or equal to 0')] : [];
}

/** Label maps (metadata.labels, nodeSelector, service selector): errors are reported on the map itself. */
export function validateLabels(labels: J, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!labels || typeof labels !== 'object') return errs;
  for (const [k, v] of Object.entries(labels)) {
    for (const msg of isQualifiedName(k)) errs.push(invalid(path, k, msg));
    if (typeof v === 'string') for (const msg of isValidLabelValue(v)) errs.push(invalid(path, v, msg));
  }
  return errs;
}

export function validateLabelName(name: string, path: string): FieldError[] {
  return isQualifiedName(name).map((msg) => invalid(path, name, msg));
}

export function validateAnnotations(annotations: J, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!annotations || typeof annotations !== 'object') return errs;
  let size = 0;
  for (const [k, v] of Object.entries(annotations)) {
    // Kubernetes lower-cases annotation keys for the syntax check only.
    for (const msg of isQualifiedName(k.toLowerCase())) errs.push(invalid(path, k, msg));
    size += Buffer.byteLength(k) + (typeof v === 'string' ? Buffer.byteLength(v) : 0);
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT) errs.push(tooLong(path, TOTAL_ANNOTATION_SIZE_LIMIT));
  return errs;
}

export function validateFinalizerName(name: string, path: string): FieldError[] {
  const errs = isQualifiedName(name).map((msg) => invalid(path, name, msg));
  if (errs.length === 0 && !name.includes('/') && !STANDARD_FINALIZERS.has(name)) {
    errs.push(invalid(path, name, 'name is neither a standard finalizer name nor is it fully qualified'));
  }
  return errs;
}

function validateFinalizers(finalizers: J, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!Array.isArray(finalizers)) return errs;
  const seen = new Set<string>();
  finalizers.forEach((f: string, i: number) => {
    errs.push(...validateFinalizerName(f, index(path, i)));
    if (seen.has(f)) errs.push(duplicate(index(path, i), f));
    seen.add(f);
  });
  return errs;
}

function validateOwnerReferences(refs: J, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!Array.isArray(refs)) return errs;
  let firstController = '';
  for (const ref of refs) {
    // Kubernetes reports these on `metadata.ownerReferences.<field>`, without the index.
    const version = typeof ref.apiVersion === 'string' ? ref.apiVersion.split('/').pop() : '';
    if (ref.apiVersion !== undefined && !version) errs.push(invalid(child(path, 'apiVersion'), ref.apiVersion, 'version must not be empty'));
    if (ref.kind === '') errs.push(invalid(child(path, 'kind'), ref.kind, 'kind must not be empty'));
    if (ref.name === '') errs.push(invalid(child(path, 'name'), ref.name, 'name must not be empty'));
    if (ref.uid === '') errs.push(invalid(child(path, 'uid'), ref.uid, 'uid must not be empty'));
    if (ref.controller === true) {
      const current = `${ref.kind}/${ref.name}`;
      if (firstController) {
        errs.push(
          invalid(
            path,
            refs,
            `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${current}`,
          ),
        );
      } else {
        firstController = current;
      }
    }
  }
  return errs;
}

export interface MetaOptions {
  nameFn: NameValidator;
  namespaced: boolean;
}

/** ValidateObjectMeta. `path` is `metadata` for objects. */
export function validateObjectMeta(meta: J, opts: MetaOptions, path = 'metadata'): FieldError[] {
  const errs: FieldError[] = [];
  const m = meta && typeof meta === 'object' ? meta : {};
  const name: string = m.name ?? '';
  const generateName: string = m.generateName ?? '';
  if (generateName) {
    for (const msg of opts.nameFn(generateName, true)) errs.push(invalid(child(path, 'generateName'), generateName, msg));
  }
  // The server fills name from generateName before validating; a client-side
  // check of such a manifest should not complain that name is missing.
  if (!name) {
    if (!generateName) errs.push(required(child(path, 'name'), 'name or generateName is required'));
  } else {
    for (const msg of opts.nameFn(name, false)) errs.push(invalid(child(path, 'name'), name, msg));
  }
  // An absent namespace is filled from the request URL; cluster-scoped kinds have it cleared by the server.
  if (opts.namespaced && m.namespace) {
    for (const msg of isDNS1123Label(m.namespace)) errs.push(invalid(child(path, 'namespace'), m.namespace, msg));
  }
  errs.push(...validateNonnegative(m.generation, child(path, 'generation')));
  errs.push(...validateNonnegative(m.deletionGracePeriodSeconds, child(path, 'deletionGracePeriodSeconds')));
  errs.push(...validateLabels(m.labels, child(path, 'labels')));
  errs.push(...validateAnnotations(m.annotations, child(path, 'annotations')));
  errs.push(...validateOwnerReferences(m.ownerReferences, child(path, 'ownerReferences')));
  errs.push(...validateFinalizers(m.finalizers, child(path, 'finalizers')));
  return errs;
}

/** ValidateLabelSelector (metav1.LabelSelector: matchLabels + matchExpressions). */
export function validateLabelSelector(sel: J, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!sel || typeof sel !== 'object') return errs;
  errs.push(...validateLabels(sel.matchLabels, child(path, 'matchLabels')));
  const exprs: J[] = Array.isArray(sel.matchExpressions) ? sel.matchExpressions : [];
  exprs.forEach((req, i) => {
    const p = index(child(path, 'matchExpressions'), i);
    const values: string[] = Array.isArray(req.values) ? req.values : [];
    switch (req.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) errs.push(required(child(p, 'values'), "must be specified when `operator` is 'In' or 'NotIn'"));
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) errs.push(forbidden(child(p, 'values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
        break;
      default:
        errs.push(invalid(child(p, 'operator'), req.operator ?? '', 'not a valid selector operator'));
    }
    if (typeof req.key === 'string') errs.push(...validateLabelName(req.key, child(p, 'key')));
    values.forEach((v, vi) => {
      for (const msg of isValidLabelValue(v)) errs.push(invalid(index(child(p, 'values'), vi), v, msg));
    });
  });
  return errs;
}
