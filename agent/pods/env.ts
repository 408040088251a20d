// Container environment as kubelet builds it (makeEnvironmentVariables):
// envFrom first (with prefix), then env in order, later names winning;
// `$(VAR)` references to earlier variables are expanded. A missing
// ConfigMap/Secret or key that is not optional is CreateContainerConfigError.
import { EdgeplaneError } from '../../shared/errors.js';
import { lookupRef, refData, type RefKind, type RefLookup } from './refs.js';
import type { Pod } from './types.js';

export interface EnvContext {
  pod: Pod;
  refs: RefLookup;
  podIP?: string;
  hostIP?: string;
  nodeName?: string;
}

function configError(msg: string): EdgeplaneError {
  return new EdgeplaneError('CreateContainerConfigError', msg);
}

function fromRef(ctx: EnvContext, kind: RefKind, ref: { name?: string; key?: string; optional?: boolean }): string | undefined {
  const ns = ctx.pod.metadata.namespace ?? 'default';
  const obj = ref.name ? lookupRef(ctx.refs, kind, ns, ref.name) : undefined;
  const what = kind === 'ConfigMap' ? 'configmap' : 'secret';
  if (!obj) {
    if (ref.optional) return undefined;
    throw configError(`${what} "${ref.name}" not found`);
  }
  const v = refData(obj, kind).get(ref.key ?? '');
  if (v === undefined) {
    if (ref.optional) return undefined;
    throw configError(`couldn't find key ${ref.key} in ${kind} ${ns}/${ref.name}`);
  }
  return v.toString('utf8');
}

function fieldRef(ctx: EnvContext, path: string): string {
  const m = ctx.pod.metadata;
  const label = /^metadata\.labels\['(.+)'\]$/.exec(path);
  if (label) return m.labels?.[label[1]!] ?? '';
  const ann = /^metadata\.annotations\['(.+)'\]$/.exec(path);
  if (ann) return m.annotations?.[ann[1]!] ?? '';
  switch (path) {
    case 'metadata.name': return m.name ?? '';
    case 'metadata.namespace': return m.namespace ?? 'default';
    case 'metadata.uid': return m.uid ?? '';
    case 'spec.nodeName': return ctx.pod.spec?.nodeName ?? ctx.nodeName ?? '';
    case 'spec.serviceAccountName': return ctx.pod.spec?.serviceAccountName ?? '';
    case 'status.podIP': return ctx.podIP ?? '';
    case 'status.podIPs': return ctx.podIP ?? '';
    case 'status.hostIP': return ctx.hostIP ?? '';
    case 'status.hostIPs': return ctx.hostIP ?? '';
    default: throw configError(`unsupported fieldRef ${path}`);
  }
}

/** `$(NAME)` from earlier variables; `$$(NAME)` escapes; unknown references stay as written (Kubernetes). */
export function expand(s: string, env: Record<string, string>): string {
  return s.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (all, name?: string) => {
    if (all === '$$') return '$';
    return name !== undefined && env[name] !== undefined ? env[name]! : all;
  });
}

export function containerEnv(c: Record<string, any>, ctx: EnvContext): Record<string, string> {
  const env: Record<string, string> = {};
  const ns = ctx.pod.metadata.namespace ?? 'default';
  for (const src of (c.envFrom ?? []) as any[]) {
    const kind: RefKind | undefined = src.configMapRef ? 'ConfigMap' : src.secretRef ? 'Secret' : undefined;
    if (!kind) continue;
    const ref = src.configMapRef ?? src.secretRef;
    const obj = lookupRef(ctx.refs, kind, ns, ref.name);
    if (!obj) {
      if (ref.optional) continue;
      throw configError(`${kind === 'ConfigMap' ? 'configmap' : 'secret'} "${ref.name}" not found`);
    }
    for (const [k, v] of refData(obj, kind)) env[`${src.prefix ?? ''}${k}`] = v.toString('utf8');
  }
  for (const e of (c.env ?? []) as any[]) {
    let v: string | undefined;
    if (e.valueFrom?.configMapKeyRef) v = fromRef(ctx, 'ConfigMap', e.valueFrom.configMapKeyRef);
    else if (e.valueFrom?.secretKeyRef) v = fromRef(ctx, 'Secret', e.valueFrom.secretKeyRef);
    else if (e.valueFrom?.fieldRef) v = fieldRef(ctx, e.valueFrom.fieldRef.fieldPath);
    else if (e.valueFrom?.resourceFieldRef) continue; // not supported yet
    else v = expand(String(e.value ?? ''), env);
    if (v !== undefined) env[e.name] = v;
  }
  return env;
}
