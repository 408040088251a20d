// Building blocks for the resource schemas. Schemas are plain JSON-Schema objects
// that ajv compiles and that the API also publishes as OpenAPI definitions, so
// only portable keywords are used (type, properties, items, additionalProperties,
// required, enum, format, description, anyOf) plus Kubernetes' `x-kubernetes-*`
// extensions (list/patch metadata that kubectl and strategic merge patch read).

export type Schema = { [keyword: string]: unknown };

/** Schema object → OpenAPI definition name, for sub-schemas published as `$ref`s. */
const NAMES = new Map<Schema, string>();

/** Register a schema under a Kubernetes-style definition name (io.k8s.api.core.v1.Container). */
export function named<T extends Schema>(name: string, schema: T): T {
  NAMES.set(schema, name);
  return schema;
}

export function nameOf(schema: Schema): string | undefined {
  return NAMES.get(schema);
}

export function allNamed(): Array<[Schema, string]> {
  return [...NAMES.entries()];
}

/** A closed object: unknown fields are reported (Kubernetes strict decoding). */
export function obj(properties: Record<string, Schema>, opts: { required?: string[]; description?: string } = {}): Schema {
  return {
    type: 'object',
    ...(opts.description ? { description: opts.description } : {}),
    properties,
    ...(opts.required?.length ? { required: opts.required } : {}),
    additionalProperties: false,
  };
}

/** An open object whose content is not checked (managedFields, fieldsV1). */
export function anyObject(description?: string): Schema {
  return { type: 'object', ...(description ? { description } : {}), 'x-kubernetes-preserve-unknown-fields': true };
}

export const string: Schema = { type: 'string' };
export const boolean: Schema = { type: 'boolean' };
export const int32: Schema = { type: 'integer', format: 'int32' };
export const int64: Schema = { type: 'integer', format: 'int64' };
export const number: Schema = { type: 'number', format: 'double' };

export function str(description?: string): Schema {
  return description ? { type: 'string', description } : string;
}

export function enumOf(values: readonly string[], description?: string): Schema {
  return { type: 'string', ...(description ? { description } : {}), enum: [...values] };
}

export function arrayOf(items: Schema, ext: Schema = {}): Schema {
  return { type: 'array', items, ...ext };
}

export const stringList: Schema = arrayOf(string);

/** map[string]string: labels, annotations, nodeSelector, ConfigMap data. */
export function stringMap(description?: string): Schema {
  return { type: 'object', ...(description ? { description } : {}), additionalProperties: string };
}

/** Strategic-merge-patch metadata of a list merged by key (kubectl apply, `kubectl set image`). */
export function mergeList(items: Schema, mergeKey: string, listMapKeys?: string[]): Schema {
  return arrayOf(items, {
    'x-kubernetes-patch-merge-key': mergeKey,
    'x-kubernetes-patch-strategy': 'merge',
    ...(listMapKeys ? { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': listMapKeys } : {}),
  });
}

export const intOrString: Schema = named('io.k8s.apimachinery.pkg.util.intstr.IntOrString', {
  description: 'An int32 or a string (a port name, a percentage).',
  'x-kubernetes-int-or-string': true,
  anyOf: [{ type: 'integer' }, { type: 'string' }],
});

/** Quantities are strings, but Kubernetes also decodes JSON numbers (`cpu: 1`, `cpu: 0.5`). */
export const quantity: Schema = named('io.k8s.apimachinery.pkg.api.resource.Quantity', {
  description: "A fixed-point number with an optional SI or binary suffix: '500m', '128Mi', '1.5Gi', '2e3'.",
  anyOf: [{ type: 'string' }, { type: 'number' }],
});

export const resourceList: Schema = { type: 'object', additionalProperties: quantity };

export const time: Schema = named('io.k8s.apimachinery.pkg.apis.meta.v1.Time', {
  type: 'string',
  format: 'date-time',
  description: 'RFC 3339 date and time, e.g. 2024-05-01T12:00:00Z.',
});

export const microTime: Schema = named('io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime', {
  type: 'string',
  format: 'date-time',
  description: 'RFC 3339 date and time with microseconds.',
});

/** Base64 data (Secret.data, ConfigMap.binaryData values). */
export const bytes: Schema = { type: 'string', format: 'byte' };

export const PROTOCOLS = ['SCTP', 'TCP', 'UDP'] as const;

/** The standard condition shape of workload/node/pod statuses. */
export function condition(name: string, extra: Record<string, Schema> = {}): Schema {
  return named(
    name,
    obj(
      {
        type: string,
        status: enumOf(['False', 'True', 'Unknown']),
        reason: string,
        message: string,
        lastTransitionTime: time,
        ...extra,
      },
      { required: ['type', 'status'] },
    ),
  );
}

/** Top-level kind: apiVersion, kind, metadata plus the kind's own fields. */
export function kindSchema(
  definition: string,
  group: string,
  kind: string,
  fields: Record<string, Schema>,
  description: string,
  metadata: Schema,
  required?: string[],
): Schema {
  return named(definition, {
    type: 'object',
    description,
    properties: {
      apiVersion: str('APIVersion defines the versioned schema of this representation of an object.'),
      kind: str('Kind is a string value representing the REST resource this object represents.'),
      metadata,
      ...fields,
    },
    ...(required ? { required } : {}),
    additionalProperties: false,
    'x-kubernetes-group-version-kind': [{ group, version: 'v1', kind }],
  });
}
