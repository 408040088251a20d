// nodeSelector and required node affinity (k8s.io/component-helpers
// scheduling/corev1/nodeaffinity): nodeSelectorTerms are ORed, the
// matchExpressions and matchFields of one term are ANDed, a term with neither
// matches nothing.

export interface NodeSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt' | string;
  values?: string[];
}

export interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}

/** Kubernetes parses Gt/Lt operands as int64; anything else makes the requirement false */
function int(v: string | undefined): number | undefined {
  if (v === undefined || !/^[+-]?\d+$/.test(v)) return undefined;
  return Number(v);
}

export function matchRequirement(r: NodeSelectorRequirement, value: string | undefined): boolean {
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      const have = int(value);
      const want = values.length === 1 ? int(values[0]) : undefined;
      if (have === undefined || want === undefined) return false;
      return r.operator === 'Gt' ? have > want : have < want;
    }
    default:
      return false;
  }
}

export function matchTerm(term: NodeSelectorTerm, labels: Record<string, string>, nodeName: string): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  for (const r of exprs) {
    const v = Object.prototype.hasOwnProperty.call(labels, r.key) ? labels[r.key] : undefined;
    if (!matchRequirement(r, v)) return false;
  }
  for (const r of fields) {
    // metadata.name is the only supported node field (validation rejects others)
    if (r.key !== 'metadata.name' || !matchRequirement(r, nodeName)) return false;
  }
  return true;
}

export function matchNodeSelectorTerms(terms: NodeSelectorTerm[], labels: Record<string, string>, nodeName: string): boolean {
  return terms.some((t) => matchTerm(t, labels, nodeName));
}

/** the pod's required node terms, or undefined when it has none */
export function requiredNodeTerms(spec: any): NodeSelectorTerm[] | undefined {
  const req = spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (!req || typeof req !== 'object') return undefined;
  return Array.isArray(req.nodeSelectorTerms) ? req.nodeSelectorTerms : [];
}

export function matchNodeSelector(selector: Record<string, string> | undefined, labels: Record<string, string>): boolean {
  if (!selector) return true;
  for (const k in selector) if (labels[k] !== selector[k]) return false;
  return true;
}
