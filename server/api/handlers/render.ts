// Rendering of objects and lists in the representation the client negotiated.

import type { ServerResponse } from 'node:http';
import { apiVersionOf, type KindInfo } from '../../../shared/api/kinds.js';
import type { KubeObject, KubeList } from '../../../shared/api/object.js';
import type { Rendering } from '../negotiate.js';
import { writeJson, writeYaml } from '../respond.js';
import { tableFor } from '../table/index.js';
import { errors } from '../status.js';

export type IncludeObject = 'None' | 'Object' | 'Metadata';

export function includeObjectParam(url: URL): IncludeObject {
  const v = url.searchParams.get('includeObject');
  if (v === null || v === '') return 'Metadata';
  if (v === 'None' || v === 'Object' || v === 'Metadata') return v;
  throw errors.badRequest(`includeObject: Unsupported value: "${v}": supported values: "None", "Metadata", "Object"`);
}

export function asTable(
  kind: KindInfo,
  objects: KubeObject[],
  rendering: Rendering & { kind: 'table' },
  url: URL,
  resourceVersion?: string,
  noHeaders = false,
) {
  const table = tableFor(kind.kind, objects, { includeObject: includeObjectParam(url), noHeaders }) as unknown as Record<string, any>;
  table.apiVersion = rendering.apiVersion;
  table.metadata = { ...(table.metadata ?? {}), ...(resourceVersion ? { resourceVersion } : {}) };
  return table;
}

export function listObject(kind: KindInfo, items: KubeObject[], resourceVersion: string, extra: Partial<KubeList['metadata']> = {}): KubeList {
  return { kind: `${kind.kind}List`, apiVersion: apiVersionOf(kind), metadata: { resourceVersion, ...extra }, items };
}

export function renderObject(res: ServerResponse, code: number, kind: KindInfo, obj: KubeObject, rendering: Rendering, url: URL, warnings: string[] = []): void {
  if (rendering.kind === 'table') return writeJson(res, code, asTable(kind, [obj], rendering, url, obj.metadata.resourceVersion), warnings);
  if (rendering.kind === 'yaml') return writeYaml(res, code, obj);
  writeJson(res, code, obj, warnings);
}
