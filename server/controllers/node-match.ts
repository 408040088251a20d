// Does a pod's nodeSelector and required node affinity admit a node?
// (component-helpers/scheduling/corev1/nodeaffinity: terms are ORed, the
// expressions and fields within a term ANDed; matchFields knows metadata.name.)

import type { KubeObject } from '../../shared/api/object.js';

interface Requirement {
  key: string;
  operator: string;
  values?: string[];
}

interface NodeSelectorTerm {
  matchExpressions?: Requirement[];
  matchFields?: Requirement[];
}

const INTEGER = /^-?[0-9]+$/;

function matchRequirement(r: Requirement, get: (k: string) => string | undefined): boolean {
  const v = get(r.key);
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In':
      return v !== undefined && values.includes(v);
    case 'NotIn':
      return v === undefined || !values.includes(v);
    case 'Exists':
      return v !== undefined;
    case 'DoesNotExist':
      return v === undefined;
    case 'Gt':
    case 'Lt': {
      if (v === undefined || !INTEGER.test(v) || values.length !== 1 || !INTEGER.test(values[0])) return false;
      return r.operator === 'Gt' ? BigInt(v) > BigInt(values[0]) : BigInt(v) < BigInt(values[0]);
    }
    default:
      return false;
  }
}

/** one term: every expression and field matches; an empty term matches nothing (as in Kubernetes) */
export function matchesTerm(term: NodeSelectorTerm, node: KubeObject): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  const labels = node.metadata.labels ?? {};
  const label = (k: string) => (Object.prototype.hasOwnProperty.call(labels, k) ? labels[k] : undefined);
  const field = (k: string) => (k === 'metadata.name' ? node.metadata.name : undefined);
  return exprs.every((r) => matchRequirement(r, label)) && fields.every((r) => matchRequirement(r, field));
}

/** pod.spec.nodeSelector and requiredDuringSchedulingIgnoredDuringExecution both admit the node */
export function podMatchesNode(podSpec: any, node: KubeObject): boolean {
  const labels = node.metadata.labels ?? {};
  for (const [k, v] of Object.entries((podSpec?.nodeSelector ?? {}) as Record<string, string>)) {
    if (labels[k] !== v) return false;
  }
  const required = podSpec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (!required) return true;
  const terms: NodeSelectorTerm[] = required.nodeSelectorTerms ?? [];
  return terms.some((t) => matchesTerm(t, node));
}
