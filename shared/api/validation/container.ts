// Containers and init containers (validateContainers, validateInitContainers,
// validateContainerCommon): names, images, ports, env, resources, probes, mounts.

import { child, duplicate, forbidden, index, invalid, notFound, notSupported, required } from '../fielderrors.js';
import { isConfigMapKey, isDNS1123Label, isDNS1123Subdomain, isEnvVarName, isIANASvcName, isQualifiedName, isValidPortNum } from '../names.js';
import type { FieldError } from '../object.js';
import { validateLifecycle, validateProbe } from './probe.js';
import { validateResourceRequirements, validateQuantity } from './resources.js';
import type { J } from './types.js';
import { validateLocalDescendingPath } from './volume.js';

/** Pod fields a container's env may read (validEnvDownwardAPIFieldPathExpressions). */
const ENV_FIELD_PATHS = [
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.serviceAccountName',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
];

const ENV_RESOURCE_FIELDS = [
  'limits.cpu',
  'limits.ephemeral-storage',
  'limits.memory',
  'requests.cpu',
  'requests.ephemeral-storage',
  'requests.memory',
];

function validateObjectFieldSelector(fs: J, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (fs.apiVersion === '') return [required(child(path, 'apiVersion'))];
  if (fs.apiVersion !== undefined && fs.apiVersion !== 'v1') {
    return [invalid(child(path, 'fieldPath'), fs.fieldPath, `error converting fieldPath: unsupported pod version: ${fs.apiVersion}`)];
  }
  const fieldPath: string = fs.fieldPath ?? '';
  if (!fieldPath) return [required(child(path, 'fieldPath'))];
  // metadata.labels['key'] / metadata.annotations['key']
  const m = /^(metadata\.labels|metadata\.annotations)\['(.*)'\]$/.exec(fieldPath);
  if (m) {
    const subscript = m[1] === 'metadata.annotations' ? m[2].toLowerCase() : m[2];
    for (const msg of isQualifiedName(subscript)) errs.push(invalid(path, subscript, msg));
  } else if (/^[^[]+\[/.test(fieldPath)) {
    errs.push(invalid(path, fieldPath.slice(0, fieldPath.indexOf('[')), 'does not support subscript'));
  } else if (!ENV_FIELD_PATHS.includes(fieldPath)) {
    errs.push(notSupported(child(path, 'fieldPath'), fieldPath, ENV_FIELD_PATHS));
  }
  return errs;
}

function validateKeySelector(ref: J, path: string, nameField: 'name'): FieldError[] {
  const errs: FieldError[] = [];
  const name: string = ref[nameField] ?? '';
  for (const msg of isDNS1123Subdomain(name)) errs.push(invalid(child(path, nameField), name, msg));
  if (ref.key === '') errs.push(required(child(path, 'key')));
  else if (typeof ref.key === 'string') for (const msg of isConfigMapKey(ref.key)) errs.push(invalid(child(path, 'key'), ref.key, msg));
  return errs;
}

function validateEnvVarValueFrom(ev: J, path: string): FieldError[] {
  const from = ev.valueFrom;
  if (from === undefined) return [];
  const errs: FieldError[] = [];
  let sources = 0;
  if (from.fieldRef !== undefined) {
    sources++;
    errs.push(...validateObjectFieldSelector(from.fieldRef, child(path, 'fieldRef')));
  }
  if (from.resourceFieldRef !== undefined) {
    sources++;
    const rf = from.resourceFieldRef;
    const p = child(path, 'resourceFieldRef');
    if (!ENV_RESOURCE_FIELDS.includes(rf.resource)) errs.push(notSupported(child(p, 'resource'), rf.resource, ENV_RESOURCE_FIELDS));
    if (rf.divisor !== undefined) validateQuantity(rf.divisor, child(p, 'divisor'), errs);
  }
  if (from.configMapKeyRef !== undefined) {
    sources++;
    errs.push(...validateKeySelector(from.configMapKeyRef, child(path, 'configMapKeyRef'), 'name'));
  }
  if (from.secretKeyRef !== undefined) {
    sources++;
    errs.push(...validateKeySelector(from.secretKeyRef, child(path, 'secretKeyRef'), 'name'));
  }
  if (sources === 0) {
    errs.push(invalid(path, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'));
  } else if (ev.value) {
    errs.push(invalid(path, '', 'may not be specified when `value` is not empty'));
  } else if (sources > 1) {
    errs.push(invalid(path, '', 'may not have more than one field specified at a time'));
  }
  return errs;
}

function validateEnv(env: J, path: string): FieldError[] {
  const errs: FieldError[] = [];
  (Array.isArray(env) ? env : []).forEach((ev: J, i: number) => {
    const p = index(path, i);
    if (ev.name === '') errs.push(required(child(p, 'name')));
    else if (typeof ev.name === 'string') for (const msg of isEnvVarName(ev.name)) errs.push(invalid(child(p, 'name'), ev.name, msg));
    errs.push(...validateEnvVarValueFrom(ev, child(p, 'valueFrom')));
  });
  return errs;
}

function validateEnvFrom(envFrom: J, path: string): FieldError[] {
  const errs: FieldError[] = [];
  (Array.isArray(envFrom) ? envFrom : []).forEach((ef: J, i: number) => {
    const p = index(path, i);
    if (ef.prefix) for (const msg of isEnvVarName(ef.prefix)) errs.push(invalid(child(p, 'prefix'), ef.prefix, msg));
    let sources = 0;
    for (const src of ['configMapRef', 'secretRef']) {
      if (ef[src] === undefined) continue;
      sources++;
      const name: string = ef[src].name ?? '';
      if (!name) errs.push(required(child(child(p, src), 'name')));
      else for (const msg of isDNS1123Subdomain(name)) errs.push(invalid(child(child(p, src), 'name'), name, msg));
    }
    if (sources === 0) errs.push(invalid(path, '', 'must specify one of: `configMapRef` or `secretRef`'));
    else if (sources > 1) errs.push(invalid(path, '', 'may not have more than one field specified at a time'));
  });
  return errs;
}

function validateContainerPorts(ports: J, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  (Array.isArray(ports) ? ports : []).forEach((port: J, i: number) => {
    const p = index(path, i);
    if (port.name) {
      const msgs = isIANASvcName(port.name);
      if (msgs.length) for (const msg of msgs) errs.push(invalid(child(p, 'name'), port.name, msg));
      else if (names.has(port.name)) errs.push(duplicate(child(p, 'name'), port.name));
      else names.add(port.name);
    }
    if (port.containerPort === 0) errs.push(required(child(p, 'containerPort')));
    else if (typeof port.containerPort === 'number') {
      for (const msg of isValidPortNum(port.containerPort)) errs.push(invalid(child(p, 'containerPort'), port.containerPort, msg));
    }
    if (typeof port.hostPort === 'number' && port.hostPort !== 0) {
      for (const msg of isValidPortNum(port.hostPort)) errs.push(invalid(child(p, 'hostPort'), port.hostPort, msg));
    }
  });
  return errs;
}

function validateVolumeMounts(mounts: J, volumes: Set<string>, privileged: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const mountPoints = new Set<string>();
  (Array.isArray(mounts) ? mounts : []).forEach((mnt: J, i: number) => {
    const p = index(path, i);
    if (mnt.name === '') errs.push(required(child(p, 'name')));
    if (typeof mnt.name === 'string' && !volumes.has(mnt.name)) errs.push(notFound(child(p, 'name'), mnt.name));
    if (mnt.mountPath === '') errs.push(required(child(p, 'mountPath')));
    if (typeof mnt.mountPath === 'string') {
      if (mountPoints.has(mnt.mountPath)) errs.push(invalid(child(p, 'mountPath'), mnt.mountPath, 'must be unique'));
      mountPoints.add(mnt.mountPath);
    }
    // Kubernetes reports subPath problems on `volumeMounts.subPath` (no index).
    if (mnt.subPath) errs.push(...validateLocalDescendingPath(mnt.subPath, child(path, 'subPath')));
    if (mnt.subPathExpr) {
      if (mnt.subPath) errs.push(invalid(child(p, 'subPathExpr'), mnt.subPathExpr, 'subPathExpr and subPath are mutually exclusive'));
      errs.push(...validateLocalDescendingPath(mnt.subPathExpr, child(path, 'subPathExpr')));
    }
    if (mnt.mountPropagation === 'Bidirectional' && !privileged) {
      errs.push(forbidden(child(p, 'mountPropagation'), 'Bidirectional mount propagation is available only to privileged containers'));
    }
  });
  return errs;
}

export interface ContainerContext {
  volumes: Set<string>;
  /** names seen so far across containers and init containers */
  names: Set<string>;
  /** pods (not templates) also reject images with surrounding whitespace */
  isPod: boolean;
}

function validateContainer(ctr: J, path: string, ctx: ContainerContext, init: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const name: string | undefined = ctr.name;
  if (name === '') errs.push(required(child(path, 'name')));
  else if (typeof name === 'string') {
    for (const msg of isDNS1123Label(name)) errs.push(invalid(child(path, 'name'), name, msg));
    if (ctx.names.has(name)) errs.push(duplicate(child(path, 'name'), name));
    ctx.names.add(name);
  }
  if (ctr.image === undefined || ctr.image === '') errs.push(required(child(path, 'image')));
  else if (ctx.isPod && typeof ctr.image === 'string' && ctr.image.trim() !== ctr.image) {
    errs.push(invalid(child(path, 'image'), ctr.image, 'must not have leading or trailing whitespace'));
  }
  errs.push(...validateContainerPorts(ctr.ports, child(path, 'ports')));
  errs.push(...validateEnv(ctr.env, child(path, 'env')));
  errs.push(...validateEnvFrom(ctr.envFrom, child(path, 'envFrom')));
  errs.push(...validateVolumeMounts(ctr.volumeMounts, ctx.volumes, ctr.securityContext?.privileged === true, child(path, 'volumeMounts')));
  errs.push(...validateResourceRequirements(ctr.resources, child(path, 'resources')));
  if (ctr.lifecycle !== undefined) errs.push(...validateLifecycle(ctr.lifecycle, child(path, 'lifecycle')));

  const sidecar = init && ctr.restartPolicy === 'Always';
  if (!init && ctr.restartPolicy !== undefined) errs.push(forbidden(child(path, 'restartPolicy'), 'may not be set for non-init containers'));
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
    if (ctr[probe] === undefined) continue;
    // Probes run while a container serves; plain init containers run to completion instead.
    if (init && !sidecar) {
      errs.push(forbidden(child(path, probe), 'may not be set for init containers without restartPolicy=Always'));
      continue;
    }
    errs.push(...validateProbe(ctr[probe], child(path, probe)));
  }
  if (ctr.readinessProbe?.terminationGracePeriodSeconds !== undefined) {
    errs.push(
      invalid(child(child(path, 'readinessProbe'), 'terminationGracePeriodSeconds'), ctr.readinessProbe.terminationGracePeriodSeconds, 'must not be set for readinessProbes'),
    );
  }
  // A single success must be enough to call a container alive or started.
  for (const probe of ['livenessProbe', 'startupProbe']) {
    const st = ctr[probe]?.successThreshold;
    if (st !== undefined && st !== 1 && !(init && !sidecar)) errs.push(invalid(child(child(path, probe), 'successThreshold'), st, 'must be 1'));
  }
  return errs;
}

export function validateContainers(containers: J, initContainers: J, path: string, ctx: ContainerContext): FieldError[] {
  const errs: FieldError[] = [];
  const list: J[] = Array.isArray(containers) ? containers : [];
  // Required when absent is reported by the schema; an empty list is Kubernetes' own check.
  if (Array.isArray(containers) && list.length === 0) errs.push(required(child(path, 'containers')));
  list.forEach((c, i) => errs.push(...validateContainer(c, index(child(path, 'containers'), i), ctx, false)));
  (Array.isArray(initContainers) ? initContainers : []).forEach((c: J, i: number) =>
    errs.push(...validateContainer(c, index(child(path, 'initContainers'), i), ctx, true)),
  );
  // Init containers run before the others, so their host ports only collide among themselves.
  errs.push(...checkHostPortConflicts(list, child(path, 'containers')));
  errs.push(...checkHostPortConflicts(Array.isArray(initContainers) ? initContainers : [], child(path, 'initContainers')));
  return errs;
}

/** AccumulateUniqueHostPorts: one host port per protocol and host IP across the pod. */
function checkHostPortConflicts(containers: J[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  containers.forEach((ctr, ci) => {
    (Array.isArray(ctr.ports) ? ctr.ports : []).forEach((port: J, pi: number) => {
      if (!port.hostPort) return;
      const key = `${port.protocol ?? 'TCP'}/${port.hostIP ?? ''}/${port.hostPort}`;
      if (seen.has(key)) errs.push(duplicate(child(index(child(index(path, ci), 'ports'), pi), 'hostPort'), key));
      seen.add(key);
    });
  });
  return errs;
}
