// The objects named by `-f` (files, directories, `-` for stdin), parsed and
// checked against the kind registry before anything is sent, so a typo in the
// third document does not leave the first two applied.

import { readFile, readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { kindByApiVersionKind, type KindInfo } from '../shared/api/kinds.js';
import type { KubeObject } from '../shared/api/object.js';
import { parseManifests } from '../shared/manifest.js';
import { CliError } from './errors.js';
import { describeFsError } from './kubeconfig.js';
import { isObject } from './merge-patch.js';
import { fieldCauses, type ApiStatusError } from './status.js';

export interface ManifestObject {
  object: KubeObject;
  kind: KindInfo;
  /** the file as the user named it, or STDIN */
  source: string;
  /** 1-based document number in the file (items of a List share its number) */
  doc: number;
}

const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);
export const STDIN_SOURCE = 'STDIN';

/** `app.yaml (document 2)`: where an object came from, for error lines. */
export function originOf(m: Pick<ManifestObject, 'source' | 'doc'>): string {
  return `${m.source} (document ${m.doc})`;
}

/** Expand -f arguments to the files to read, in order. */
export async function expandPaths(paths: string[], recursive: boolean): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    if (p === '-') {
      if (!out.includes('-')) out.push('-');
      continue;
    }
    let st;
    try {
      st = await stat(p);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new CliError(`the path "${p}" does not exist`);
      throw new CliError(`cannot read ${p}: ${describeFsError(err)}`);
    }
    if (st.isDirectory()) out.push(...(await listDir(p, recursive)));
    else out.push(p);
  }
  return out;
}

async function listDir(dir: string, recursive: boolean): Promise<string[]> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out: string[] = [];
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) {
      if (recursive) out.push(...(await listDir(path, true)));
    } else if (MANIFEST_EXTENSIONS.has(extname(e.name).toLowerCase())) {
      out.push(path);
    }
  }
  return out;
}

async function readStdin(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

export async function readManifests(paths: string[], recursive: boolean, stdin: NodeJS.ReadableStream = process.stdin): Promise<ManifestObject[]> {
  const out: ManifestObject[] = [];
  for (const file of await expandPaths(paths, recursive)) {
    const source = file === '-' ? STDIN_SOURCE : file;
    let text: string;
    try {
      text = file === '-' ? await readStdin(stdin) : await readFile(file, 'utf8');
    } catch (err) {
      throw new CliError(`cannot read ${source}: ${describeFsError(err)}`);
    }
    let docs: Array<{ object: unknown; doc: number }>;
    try {
      // empty documents are skipped and `kind: List` documents expanded there
      docs = parseManifests(text, source);
    } catch (err) {
      throw new CliError((err as Error).message, { cause: err });
    }
    for (const { object, doc } of docs) out.push(checkObject(object, source, doc));
  }
  return out;
}

/** One object from a manifest: a known kind with a name. */
export function checkObject(object: unknown, source: string, doc: number): ManifestObject {
  const origin = originOf({ source, doc });
  if (!isObject(object)) throw new CliError(`${origin}: not a Kubernetes object (expected a mapping with apiVersion, kind and metadata)`);
  const { apiVersion, kind: kindName } = object;
  if (typeof kindName !== 'string' || kindName === '') throw new CliError(`${origin}: the object has no kind`);
  if (typeof apiVersion !== 'string' || apiVersion === '') throw new CliError(`${origin}: ${kindName}: the object has no apiVersion`);
  const kind = kindByApiVersionKind(apiVersion, kindName);
  if (!kind) throw new CliError(`${origin}: no matches for kind "${kindName}" in version "${apiVersion}"`);
  const metadata = object.metadata;
  if (metadata !== undefined && !isObject(metadata)) throw new CliError(`${origin}: ${kindName}: metadata must be a mapping`);
  const name = metadata?.name;
  if (name === undefined || name === '') throw new CliError(`${origin}: ${kindName}: metadata.name is required`);
  // `name: yes` or `name: 1` in YAML is not a string; quote it
  if (typeof name !== 'string') throw new CliError(`${origin}: ${kindName}: metadata.name must be a string, not ${JSON.stringify(name)} (quote it)`);
  return { object: object as unknown as KubeObject, kind, source, doc };
}

/**
 * The namespace an object from a manifest goes to: its own, else the default
 * (-n, context, `default`); none for cluster-scoped kinds. Like kubectl, an
 * object naming another namespace than an explicit -n is refused.
 */
export function namespaceFor(m: ManifestObject, defaultNamespace: string, fromFlag: boolean): string | undefined {
  if (!m.kind.namespaced) return undefined;
  const own = m.object.metadata?.namespace;
  if (own && fromFlag && own !== defaultNamespace) {
    throw new CliError(
      `${originOf(m)}: the namespace from the provided object "${own}" does not match the namespace "${defaultNamespace}". You must pass '--namespace=${own}' to perform this operation.`,
    );
  }
  return own || defaultNamespace;
}

/** `app.yaml (document 2): Deployment "web": spec.replicas: Invalid value: ...` */
export function objectFailure(m: ManifestObject, err: ApiStatusError): string {
  return `${originOf(m)}: ${m.kind.kind} "${m.object.metadata.name}": ${fieldCauses(err.status) ?? err.message}`;
}
