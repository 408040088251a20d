// Field selectors as k8s.io/apimachinery/pkg/fields parses them
// (`?fieldSelector=spec.nodeName=node1,status.phase!=Running`), with the
// per-kind list of fields the apiserver allows in them.

export interface FieldRequirement {
  field: string;
  operator: '=' | '!=';
  value: string;
}

export interface FieldSelector {
  /** ANDed */
  requirements: FieldRequirement[];
}

const OPERATORS = ['!=', '==', '='] as const;

/** Split on commas that are not escaped with a backslash (splitTerms). */
function splitTerms(input: string): string[] {
  const terms: string[] = [];
  let start = 0;
  let escaped = false;
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (escaped) escaped = false;
    else if (c === '\\') escaped = true;
    else if (c === ',') {
      terms.push(input.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(input.slice(start));
  return terms;
}

/** The first operator in the term splits field and value (splitTerm). */
function splitTerm(term: string): [string, (typeof OPERATORS)[number], string] | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of OPERATORS) {
      if (term.startsWith(op, i)) return [term.slice(0, i), op, term.slice(i + op.length)];
    }
  }
  return undefined;
}

/** fields.UnescapeValue: `\,` `\=` `\\` are escapes; bare `,` and `=` are errors. */
export function unescapeValue(s: string): string {
  if (!/[\\,=]/.test(s)) return s;
  let out = '';
  let inSlash = false;
  for (const c of s) {
    if (inSlash) {
      if (c === '\\' || c === ',' || c === '=') out += c;
      else throw new Error(`invalid field selector: invalid escape sequence: \\${c}`);
      inSlash = false;
    } else if (c === '\\') {
      inSlash = true;
    } else if (c === ',' || c === '=') {
      throw new Error(`invalid field selector: unescaped character in value: ${c}`);
    } else {
      out += c;
    }
  }
  if (inSlash) throw new Error('invalid field selector: invalid escape sequence: \\');
  return out;
}

/** fields.EscapeValue */
export function escapeValue(s: string): string {
  return s.replace(/[\\,=]/g, (c) => `\\${c}`);
}

/** Parse a field selector; throws an Error (a 400 for the API) on bad syntax. Empty selects everything. */
export function parseFieldSelector(input: string): FieldSelector {
  const requirements: FieldRequirement[] = [];
  for (const term of splitTerms(input).sort()) {
    if (term === '') continue;
    const parts = splitTerm(term);
    if (!parts) throw new Error(`invalid selector: '${input}'; can't understand '${term}'`);
    const [field, op, rhs] = parts;
    requirements.push({ field: field.trim(), operator: op === '!=' ? '!=' : '=', value: unescapeValue(rhs) });
  }
  return { requirements };
}

export function fieldSelectorToString(sel: FieldSelector): string {
  return sel.requirements.map((r) => `${r.field}${r.operator}${escapeValue(r.value)}`).join(',');
}

/** A missing field reads as "" (Kubernetes' field sets hold every supported field). */
export function matchesFields(sel: FieldSelector, getter: (field: string) => string | undefined): boolean {
  return sel.requirements.every((r) => {
    const v = getter(r.field) ?? '';
    return r.operator === '=' ? v === r.value : v !== r.value;
  });
}

/** The value at a dotted path (`spec.nodeName`) as field selectors see it: scalars as strings. */
export function fieldValue(obj: unknown, path: string): string | undefined {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  if (typeof cur === 'string') return cur;
  if (typeof cur === 'number' || typeof cur === 'boolean') return String(cur);
  return undefined;
}

const COMMON = ['metadata.name', 'metadata.namespace'];

/** Fields each kind's `fieldSelector` accepts (the apiserver's per-resource field label conversions). */
export const SUPPORTED_FIELDS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  Namespace: [...COMMON, 'status.phase'],
  Node: [...COMMON, 'spec.unschedulable'],
  Pod: [
    ...COMMON,
    'spec.nodeName',
    'spec.restartPolicy',
    'spec.schedulerName',
    'spec.serviceAccountName',
    'spec.hostNetwork',
    'status.phase',
    'status.podIP',
    'status.nominatedNodeName',
  ],
  Service: [...COMMON],
  Endpoints: [...COMMON],
  ConfigMap: [...COMMON],
  Secret: [...COMMON, 'type'],
  Event: [
    ...COMMON,
    'involvedObject.kind',
    'involvedObject.namespace',
    'involvedObject.name',
    'involvedObject.uid',
    'involvedObject.apiVersion',
    'involvedObject.resourceVersion',
    'involvedObject.fieldPath',
    'reason',
    'reportingComponent',
    'source',
    'type',
  ],
  Deployment: [...COMMON],
  ReplicaSet: [...COMMON, 'status.replicas'],
  DaemonSet: [...COMMON],
});

/** Throws `field label not supported: x` (the apiserver's 400) for a field the kind does not index. */
export function checkSupportedFields(sel: FieldSelector, kind: string): void {
  const supported = SUPPORTED_FIELDS[kind] ?? COMMON;
  for (const r of sel.requirements) {
    if (!supported.includes(r.field)) throw new Error(`field label not supported: ${r.field}`);
  }
}

/** Go's zero values that the apiserver's field sets report for absent fields. */
const ZERO_VALUES: Record<string, string> = {
  'spec.hostNetwork': 'false',
  'spec.unschedulable': 'false',
  'status.replicas': '0',
};

/**
 * The getter for matchesFields over an object, with Kubernetes' special cases:
 * an Event's `source` is `source.component`, booleans/counts default to their
 * zero value, and a cluster-scoped object's namespace is "".
 */
export function objectFieldGetter(obj: unknown): (field: string) => string | undefined {
  return (field) => {
    const path = field === 'source' ? 'source.component' : field;
    const v = fieldValue(obj, path);
    return v ?? ZERO_VALUES[field] ?? '';
  };
}
