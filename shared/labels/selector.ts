// Label selectors as k8s.io/apimachinery/pkg/labels parses, prints and matches
// them: the string form of `?labelSelector=` and `kubectl -l`
// (`a=b,c!=d,e in (x,y),f notin (z),g,!h`) and metav1.LabelSelector objects.

import { isQualifiedName, isValidLabelValue } from '../api/names.js';

export type Operator = '=' | '==' | '!=' | 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt';

export interface Requirement {
  key: string;
  operator: Operator;
  /** sorted, de-duplicated; empty for exists / ! */
  values: string[];
}

export interface Selector {
  /** ANDed; sorted by key as Kubernetes sorts them */
  requirements: Requirement[];
  /** labels.Nothing(): a null LabelSelector object selects nothing */
  nothing?: boolean;
}

export interface LabelSelector {
  matchLabels?: Record<string, string> | null;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] | null }> | null;
}

export function everything(): Selector {
  return { requirements: [] };
}

export function nothing(): Selector {
  return { requirements: [], nothing: true };
}

export function isEverything(sel: Selector): boolean {
  return !sel.nothing && sel.requirements.length === 0;
}

/** labels.NewRequirement: checks key and values and normalises the value set. */
export function newRequirement(key: string, operator: Operator, values: string[]): Requirement {
  const keyErrs = isQualifiedName(key);
  if (keyErrs.length) throw new Error(`invalid label key "${key}": ${keyErrs.join('; ')}`);
  switch (operator) {
    case 'in':
    case 'notin':
      if (values.length === 0) throw new Error("for 'in', 'notin' operators, values set can't be empty");
      break;
    case '=':
    case '==':
    case '!=':
      if (values.length !== 1) throw new Error("exact-match compatibility requires one single value");
      break;
    case 'exists':
    case '!':
      if (values.length !== 0) throw new Error("values set must be empty for exists and does not exist");
      break;
    case 'gt':
    case 'lt':
      if (values.length !== 1 || !/^-?[0-9]+$/.test(values[0])) {
        throw new Error(`for 'Gt', 'Lt' operators, exactly one value is required and it must be an integer`);
      }
      break;
    default:
      throw new Error(`operator '${String(operator)}' is not recognized`);
  }
  for (const v of values) {
    const errs = isValidLabelValue(v);
    if (errs.length && operator !== 'gt' && operator !== 'lt') throw new Error(`invalid label value: "${v}": at key: "${key}": ${errs.join('; ')}`);
  }
  return { key, operator, values: [...new Set(values)].sort() };
}

// --- string form -----------------------------------------------------------

type Token =
  | { t: 'id'; v: string }
  | { t: 'op'; v: '=' | '==' | '!=' | '!' | '>' | '<' | 'in' | 'notin' }
  | { t: ',' | '(' | ')' | 'end' };

const SPECIAL = new Set(['=', '!', '(', ')', ',', '>', '<']);

function tokenize(input: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === ',' || c === '(' || c === ')') {
      out.push({ t: c });
      i++;
    } else if (c === '=' && input[i + 1] === '=') {
      out.push({ t: 'op', v: '==' });
      i += 2;
    } else if (c === '!' && input[i + 1] === '=') {
      out.push({ t: 'op', v: '!=' });
      i += 2;
    } else if (c === '=' || c === '!' || c === '>' || c === '<') {
      out.push({ t: 'op', v: c });
      i++;
    } else {
      let j = i;
      while (j < input.length && !/\s/.test(input[j]) && !SPECIAL.has(input[j])) j++;
      const word = input.slice(i, j);
      out.push(word === 'in' || word === 'notin' ? { t: 'op', v: word } : { t: 'id', v: word });
      i = j;
    }
  }
  out.push({ t: 'end' });
  return out;
}

/** In value position `in` and `notin` are plain words (the lexer's Values mode). */
function valueWord(tok: Token): string | undefined {
  if (tok.t === 'id') return tok.v;
  if (tok.t === 'op' && (tok.v === 'in' || tok.v === 'notin')) return tok.v;
  return undefined;
}

function describe(tok: Token): string {
  if (tok.t === 'id' || tok.t === 'op') return `'${tok.v}'`;
  return tok.t === 'end' ? 'end of string' : `'${tok.t}'`;
}

/**
 * Parse the string form. Throws an Error with a message suitable for a 400
 * response on bad syntax, keys or values. An empty string selects everything.
 */
export function parseSelector(input: string): Selector {
  const toks = tokenize(input);
  let pos = 0;
  const peek = () => toks[pos];
  const next = () => toks[pos++];
  const fail = (msg: string): never => {
    throw new Error(`unable to parse requirement: ${msg}`);
  };
  const reqs: Requirement[] = [];
  if (peek().t === 'end') return everything();
  for (;;) {
    let tok = next();
    if (tok.t === 'op' && tok.v === '!') {
      const key = next();
      if (key.t !== 'id') fail(`found ${describe(key)}, expected: identifier after '!'`);
      reqs.push(newRequirement((key as { v: string }).v, '!', []));
    } else if (tok.t === 'id') {
      const key = tok.v;
      const op = peek();
      if (op.t === ',' || op.t === 'end') {
        reqs.push(newRequirement(key, 'exists', []));
      } else if (op.t === 'op' && op.v !== '!') {
        next();
        if (op.v === 'in' || op.v === 'notin') {
          const open = next();
          if (open.t !== '(') fail(`found ${describe(open)}, expected: '('`);
          const values: string[] = [];
          // `in ()` and `in (a,,b)` yield empty strings, which are valid label values
          let expectValue = true;
          for (;;) {
            const v = next();
            if (v.t === ')') {
              // `()` is the set {""}, `(a,)` adds "" too (the lexer reads nothing as an empty value)
              if (expectValue) values.push('');
              break;
            }
            if (v.t === ',') {
              if (expectValue) values.push('');
              expectValue = true;
              continue;
            }
            const word = valueWord(v);
            if (word !== undefined && expectValue) {
              values.push(word);
              expectValue = false;
              continue;
            }
            fail(`found ${describe(v)}, expected: ',' or ')'`);
          }
          reqs.push(newRequirement(key, op.v, values));
        } else {
          const v = peek();
          let value = '';
          const word = valueWord(v);
          if (word !== undefined) {
            value = word;
            next();
          } else if (v.t !== ',' && v.t !== 'end') {
            fail(`found ${describe(v)}, expected: identifier`);
          }
          const operator: Operator = op.v === '>' ? 'gt' : op.v === '<' ? 'lt' : op.v;
          reqs.push(newRequirement(key, operator, [value]));
        }
      } else {
        fail(`found ${describe(op)}, expected: in, notin, =, ==, !=, gt, lt`);
      }
    } else {
      fail(`found ${describe(tok)}, expected: !, identifier, or 'end of string'`);
    }
    tok = next();
    if (tok.t === 'end') break;
    if (tok.t !== ',') fail(`found ${describe(tok)}, expected: ',' or 'end of string'`);
    if (peek().t === 'end') fail(`found 'end of string', expected: !, identifier`);
  }
  return { requirements: sortByKey(reqs) };
}

function sortByKey(reqs: Requirement[]): Requirement[] {
  return reqs.slice().sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

// --- LabelSelector objects ----------------------------------------------------

const EXPRESSION_OPERATORS: Record<string, Operator> = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' };

/**
 * metav1.LabelSelectorAsSelector: null/undefined selects nothing, `{}` everything.
 * Throws on an invalid operator, key or value.
 */
export function labelSelectorFromObject(ls: LabelSelector | null | undefined): Selector {
  if (ls === null || ls === undefined) return nothing();
  const reqs: Requirement[] = [];
  for (const [k, v] of Object.entries(ls.matchLabels ?? {})) reqs.push(newRequirement(k, '=', [v]));
  for (const expr of ls.matchExpressions ?? []) {
    const op = EXPRESSION_OPERATORS[expr.operator];
    if (!op) throw new Error(`"${expr.operator}" is not a valid label selector operator`);
    reqs.push(newRequirement(expr.key, op, expr.values ?? []));
  }
  return { requirements: sortByKey(reqs) };
}

// --- matching and printing ---------------------------------------------------

function matchRequirement(r: Requirement, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const value = has ? labels[r.key] : undefined;
  switch (r.operator) {
    case '=':
    case '==':
    case 'in':
      return has && r.values.includes(value!);
    case '!=':
    case 'notin':
      return !has || !r.values.includes(value!);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      if (!has || !/^-?[0-9]+$/.test(value!)) return false;
      const a = BigInt(value!);
      const b = BigInt(r.values[0]);
      return r.operator === 'gt' ? a > b : a < b;
    }
    default:
      return false;
  }
}

export function matches(sel: Selector, labels: Record<string, string> | null | undefined): boolean {
  if (sel.nothing) return false;
  const l = labels ?? {};
  return sel.requirements.every((r) => matchRequirement(r, l));
}

function requirementToString(r: Requirement): string {
  switch (r.operator) {
    case 'exists':
      return r.key;
    case '!':
      return `!${r.key}`;
    case 'in':
    case 'notin':
      return `${r.key} ${r.operator} (${r.values.join(',')})`;
    case 'gt':
      return `${r.key}>${r.values[0]}`;
    case 'lt':
      return `${r.key}<${r.values[0]}`;
    default:
      return `${r.key}${r.operator}${r.values[0]}`;
  }
}

/** The canonical string form (labels.Selector.String()); `''` for everything. */
export function selectorToString(sel: Selector): string {
  return sel.requirements.map(requirementToString).join(',');
}
