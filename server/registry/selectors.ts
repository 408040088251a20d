// Label and field selectors from query parameters, compiled once per request
// into a predicate. Field selectors are limited to the fields Kubernetes
// supports for each kind (an unsupported field is a 400, as in Kubernetes).

import type { KindInfo } from '../../shared/api/kinds.js';
import type { KubeObject } from '../../shared/api/object.js';
import { parseSelector as parseLabelSelector, matches } from '../../shared/labels/selector.js';
import { parseFieldSelector, matchesFields, fieldValue, SUPPORTED_FIELDS } from '../../shared/fields/selector.js';
import { errors } from '../api/status.js';

export interface Matcher {
  /** true when there is no selector at all (lets callers skip filtering) */
  always: boolean;
  test(obj: KubeObject): boolean;
}

export function buildMatcher(kind: KindInfo, labelSelector?: string | null, fieldSelector?: string | null): Matcher {
  let labels: ReturnType<typeof parseLabelSelector> | undefined;
  let fields: ReturnType<typeof parseFieldSelector> | undefined;
  if (labelSelector) {
    try {
      labels = parseLabelSelector(labelSelector);
    } catch (err) {
      throw errors.badRequest(`unable to parse requirement: ${(err as Error).message}`);
    }
  }
  if (fieldSelector) {
    try {
      fields = parseFieldSelector(fieldSelector);
    } catch (err) {
      throw errors.badRequest(`invalid field selector: ${(err as Error).message}`);
    }
    const supported = new Set(['metadata.name', 'metadata.namespace', ...(SUPPORTED_FIELDS[kind.kind] ?? [])]);
    for (const r of fields.requirements) {
      if (!supported.has(r.field)) {
        throw errors.badRequest(`field label not supported: ${r.field}`);
      }
    }
  }
  if (!labels && !fields) return { always: true, test: () => true };
  return {
    always: false,
    test(obj) {
      if (labels && !matches(labels, obj.metadata.labels ?? {})) return false;
      if (fields && !matchesFields(fields, (f) => fieldValue(obj, f))) return false;
      return true;
    },
  };
}
