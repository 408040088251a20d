// Pod volumes (ValidateVolumes) and the path rules shared with volume mounts.

import { child, duplicate, forbidden, index, invalid, required } from '../fielderrors.js';
import { isDNS1123Label } from '../names.js';
import type { FieldError } from '../object.js';
import { validateSizeLimit } from './resources.js';
import type { J } from './types.js';

const FILE_MODE_ERROR = 'must be a number between 0 and 0777 (octal), both inclusive';

export function validatePathNoBacksteps(path: string, field: string): FieldError[] {
  return path.split('/').includes('..') ? [invalid(field, path, "must not contain '..'")] : [];
}

/** subPath and KeyToPath paths stay inside the volume. */
export function validateLocalDescendingPath(path: string, field: string): FieldError[] {
  const errs: FieldError[] = [];
  if (path.startsWith('/')) errs.push(invalid(field, path, 'must be a relative path'));
  errs.push(...validatePathNoBacksteps(path, field));
  return errs;
}

function validateLocalNonReservedPath(path: string, field: string): FieldError[] {
  const errs = validateLocalDescendingPath(path, field);
  // Atomic writers keep their data in "..data"-style entries.
  if (path.startsWith('..')) errs.push(invalid(field, path, "must not start with '..'"));
  return errs;
}

function validateMode(mode: unknown, field: string): FieldError[] {
  return typeof mode === 'number' && (mode < 0 || mode > 0o777) ? [invalid(field, mode, FILE_MODE_ERROR)] : [];
}

function validateItems(items: J, path: string): FieldError[] {
  const errs: FieldError[] = [];
  (Array.isArray(items) ? items : []).forEach((kp: J, i: number) => {
    const p = index(path, i);
    if (kp.key === '') errs.push(required(child(p, 'key')));
    if (kp.path === '') errs.push(required(child(p, 'path')));
    if (typeof kp.path === 'string') errs.push(...validateLocalNonReservedPath(kp.path, child(p, 'path')));
    errs.push(...validateMode(kp.mode, child(p, 'mode')));
  });
  return errs;
}

/** In Kubernetes' order of volume sources, so "more than 1" names the same field it would. */
const SOURCES: Array<[string, (v: J, path: string) => FieldError[]]> = [
  [
    'hostPath',
    (v, p) => {
      if (!v.path) return [required(child(p, 'path'))];
      return validatePathNoBacksteps(v.path, child(p, 'path'));
    },
  ],
  ['emptyDir', (v, p) => validateSizeLimit(v.sizeLimit, child(p, 'sizeLimit'))],
  [
    'secret',
    (v, p) => [
      ...(v.secretName ? [] : [required(child(p, 'secretName'))]),
      ...validateMode(v.defaultMode, child(p, 'defaultMode')),
      ...validateItems(v.items, child(p, 'items')),
    ],
  ],
  [
    'configMap',
    (v, p) => [
      ...(v.name ? [] : [required(child(p, 'name'))]),
      ...validateMode(v.defaultMode, child(p, 'defaultMode')),
      ...validateItems(v.items, child(p, 'items')),
    ],
  ],
];

/** Returns the errors and the names of the valid volumes (mounts may only refer to those). */
export function validateVolumes(volumes: J, path: string): { errors: FieldError[]; names: Set<string> } {
  const errors: FieldError[] = [];
  const names = new Set<string>();
  (Array.isArray(volumes) ? volumes : []).forEach((vol: J, i: number) => {
    const p = index(path, i);
    const el: FieldError[] = [];
    let count = 0;
    for (const [src, fn] of SOURCES) {
      if (vol[src] === undefined) continue;
      if (count > 0) {
        el.push(forbidden(child(p, src), 'may not specify more than 1 volume type'));
      } else {
        count++;
        el.push(...fn(vol[src], child(p, src)));
      }
    }
    // Defaulting turns a source-less volume into emptyDir, so this only fires on undefaulted input.
    if (count === 0) el.push(required(p, 'must specify a volume type'));
    const name: string = vol.name ?? '';
    if (!name) el.push(required(child(p, 'name')));
    else for (const msg of isDNS1123Label(name)) el.push(invalid(child(p, 'name'), name, msg));
    if (names.has(name)) el.push(duplicate(child(p, 'name'), name));
    if (el.length === 0) names.add(name);
    else errors.push(...el);
  });
  return { errors, names };
}
