// Reading and writing manifests: multi-document YAML or a stream of JSON
// objects in, kubectl-style YAML out. YAML is read with YAML 1.1 scalars as
// Kubernetes' sigs.k8s.io/yaml (go-yaml v2) reads them: `0644` is octal 420,
// `yes`/`on` are booleans; timestamps stay strings.

import { parseAllDocuments, stringify, type Tags } from 'yaml';

export interface ManifestDocument {
  object: unknown;
  /** 1-based position of the document in the source (List items share their List's number) */
  doc: number;
}

export class ManifestError extends Error {
  constructor(
    message: string,
    readonly source: string,
    readonly doc: number,
    readonly line?: number,
  ) {
    super(message);
    this.name = 'ManifestError';
  }
}

/** go-yaml v2 leaves timestamps and sexagesimal numbers as strings when decoding into interface{}. */
function kubeTags(tags: Tags): Tags {
  return tags.filter((t) => {
    const tag = t as { tag?: string; format?: string };
    return tag.tag !== 'tag:yaml.org,2002:timestamp' && tag.format !== 'TIME';
  });
}

const YAML_OPTIONS = { version: '1.1', customTags: kubeTags, merge: true, uniqueKeys: true } as const;

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function describeType(v: unknown): string {
  return Array.isArray(v) ? 'an array' : v === null ? 'null' : `a ${typeof v}`;
}

/** `kind: List` (and `PodList`, ...) documents stand for their items, as kubectl reads them. */
function expand(object: unknown, doc: number, source: string, out: ManifestDocument[]): void {
  if (!isObject(object)) {
    throw new ManifestError(`${source}: document ${doc}: expected an object, got ${describeType(object)}`, source, doc);
  }
  if (typeof object.kind === 'string' && object.kind.endsWith('List') && Array.isArray(object.items)) {
    for (const item of object.items) {
      if (item === null || item === undefined) continue;
      expand(item, doc, source, out);
    }
    return;
  }
  out.push({ object, doc });
}

/** Offsets where each top-level JSON value of a stream starts and ends (json.Decoder). */
function splitJsonStream(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i])) i++;
    if (i >= text.length) break;
    const start = i;
    let depth = 0;
    let inString = false;
    for (; i < text.length; i++) {
      const c = text[i];
      if (inString) {
        if (c === '\\') i++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') {
        depth--;
        if (depth === 0) {
          i++;
          break;
        }
      } else if (depth === 0 && /[\s{[]/.test(c)) break;
    }
    spans.push([start, i]);
  }
  return spans;
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text[i] === '\n') line++;
  return line;
}

function parseJsonStream(text: string, source: string): ManifestDocument[] {
  const out: ManifestDocument[] = [];
  splitJsonStream(text).forEach(([start, end], i) => {
    const doc = i + 1;
    let value: unknown;
    try {
      value = JSON.parse(text.slice(start, end));
    } catch (e) {
      const msg = (e as Error).message;
      const m = /position (\d+)/.exec(msg);
      const line = lineAt(text, start + (m ? Number(m[1]) : 0));
      throw new ManifestError(`${source}: document ${doc}: invalid JSON at line ${line}: ${msg}`, source, doc, line);
    }
    expand(value, doc, source, out);
  });
  return out;
}

/**
 * Parse a manifest file: YAML documents separated by `---`, or JSON objects.
 * Empty documents are skipped and List kinds expanded. Syntax errors throw a
 * ManifestError naming the source, the document number and the line.
 */
export function parseManifests(text: string, source: string): ManifestDocument[] {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) return parseJsonStream(text, source);
  const docs = parseAllDocuments(text, YAML_OPTIONS);
  const list = Array.isArray(docs) ? docs : [];
  const out: ManifestDocument[] = [];
  list.forEach((d, i) => {
    const doc = i + 1;
    const err = d.errors[0];
    if (err) {
      const line = err.linePos?.[0]?.line;
      // yaml's first line ends with ':' before its code frame
      const first = err.message.split('\n')[0].replace(/:$/, '');
      throw new ManifestError(`${source}: document ${doc}: YAML syntax error: ${first}`, source, doc, line);
    }
    if (d.contents === null) return;
    let value: unknown;
    try {
      value = d.toJS({ maxAliasCount: 100 });
    } catch (e) {
      throw new ManifestError(`${source}: document ${doc}: ${(e as Error).message}`, source, doc);
    }
    if (value === null || value === undefined) return;
    expand(value, doc, source, out);
  });
  return out;
}

/** YAML as kubectl prints it: 2-space indent, lists not indented under their key, block style, no anchors. */
export function toYaml(obj: unknown): string {
  // All YAML 1.1 tags here, so strings a 1.1 reader could take for dates or
  // sexagesimal numbers (`2024-01-01`, `12:30`) come out quoted.
  return stringify(obj, {
    version: '1.1',
    indent: 2,
    indentSeq: false,
    lineWidth: 0,
    aliasDuplicateObjects: false,
  });
}

/** Several objects as one multi-document stream. */
export function toYamlStream(objs: unknown[]): string {
  return objs.map(toYaml).join('---\n');
}
