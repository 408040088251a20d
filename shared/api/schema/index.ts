// The schema registry: the schema of each kind (for validation) and the named
// definitions (for the OpenAPI documents kubectl reads).

import { allNamed, nameOf, type Schema } from './common.js';
import { configMap, secret } from './config.js';
import { endpoints } from './endpoints.js';
import { event } from './event.js';
import { namespace } from './namespace.js';
import { node } from './node.js';
import { pod } from './pod.js';
import { service } from './service.js';
import { daemonSet, deployment, replicaSet } from './workloads.js';

export type { Schema } from './common.js';

const KIND_SCHEMAS: Record<string, Schema> = {
  Namespace: namespace,
  Node: node,
  Pod: pod,
  Service: service,
  Endpoints: endpoints,
  ConfigMap: configMap,
  Secret: secret,
  Event: event,
  Deployment: deployment,
  ReplicaSet: replicaSet,
  DaemonSet: daemonSet,
};

/** The full (self-contained, `$ref`-free) JSON Schema of a kind; throws for an unknown kind. */
export function schemaForKind(kind: string): Schema {
  const s = Object.prototype.hasOwnProperty.call(KIND_SCHEMAS, kind) ? KIND_SCHEMAS[kind] : undefined;
  if (!s) throw new Error(`no schema for kind ${JSON.stringify(kind)}`);
  return s;
}

export function hasSchema(kind: string): boolean {
  return Object.prototype.hasOwnProperty.call(KIND_SCHEMAS, kind);
}

export interface OpenApiOptions {
  /** prefix of `$ref`s: '#/definitions/' (OpenAPI v2, default) or '#/components/schemas/' (v3) */
  refPrefix?: string;
  /**
   * 3 (default) keeps `anyOf` for int-or-string and quantities; 2 rewrites them the
   * way Kubernetes publishes them in Swagger 2.0, which has no `anyOf`:
   * `{type: string, format: int-or-string}` and `{type: string}`.
   */
  version?: 2 | 3;
}

/**
 * Named definitions (io.k8s.api.core.v1.Pod, io.k8s.api.core.v1.Container, ...) with
 * nested named schemas replaced by `$ref`s. Top-level kinds carry
 * `x-kubernetes-group-version-kind`; lists merged by key carry
 * `x-kubernetes-patch-merge-key` / `x-kubernetes-patch-strategy`.
 */
export function openApiDefinitions(opts: OpenApiOptions = {}): Record<string, Schema> {
  const prefix = opts.refPrefix ?? '#/definitions/';
  const v2 = opts.version === 2;
  const out: Record<string, Schema> = {};
  for (const [schema, name] of allNamed()) out[name] = refify(schema, true, prefix, v2) as Schema;
  return out;
}

function refify(value: unknown, root: boolean, prefix: string, v2: boolean): unknown {
  if (Array.isArray(value)) return value.map((v) => refify(v, false, prefix, v2));
  if (!value || typeof value !== 'object') return value;
  const schema = value as Schema;
  if (!root) {
    const name = nameOf(schema);
    if (name) return { $ref: prefix + name };
  }
  if (v2 && Array.isArray(schema.anyOf)) {
    const { anyOf: _anyOf, 'x-kubernetes-int-or-string': intOrString, ...rest } = schema;
    return intOrString ? { ...rest, type: 'string', format: 'int-or-string' } : { ...rest, type: 'string' };
  }
  const out: Schema = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'properties' && v && typeof v === 'object') {
      out[k] = Object.fromEntries(Object.entries(v).map(([p, s]) => [p, refify(s, false, prefix, v2)]));
    } else if (k === 'items' || k === 'additionalProperties' || k === 'anyOf') {
      out[k] = refify(v, false, prefix, v2);
    } else {
      out[k] = v;
    }
  }
  return out;
}

/** The definitions with `#/definitions/` references (rewrite the prefix for OpenAPI v3). */
export const definitions: Record<string, Schema> = openApiDefinitions();
