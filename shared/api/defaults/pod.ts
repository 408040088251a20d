// Pod spec defaults (pkg/apis/core/v1/defaults.go: SetDefaults_PodSpec,
// SetDefaults_Pod, SetDefaults_Container, SetDefaults_Probe, SetDefaults_Volume, ...).

import { formatQuantity, isValidQuantity } from '../quantity.js';
import { isObj, normalizeQuantities, objects, unset, type Obj } from './util.js';

export const DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS = 30;
export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';
export const TERMINATION_MESSAGE_PATH = '/dev/termination-log';
/** 0644: configMap/secret files readable by all, writable by the owner. */
export const DEFAULT_FILE_MODE = 0o644;

/**
 * The tag of an image reference, as the kubelet's ParseImageName sees it:
 * `nginx` → latest, `nginx:1.25` → 1.25, `nginx@sha256:...` → '' (digest only),
 * `registry:5000/app` → latest (the port is not a tag).
 */
export function imageTag(image: string): string {
  const at = image.indexOf('@');
  const name = at >= 0 ? image.slice(0, at) : image;
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  if (colon > slash) return name.slice(colon + 1);
  return at >= 0 ? '' : 'latest';
}

function defaultHTTPGet(h: unknown): void {
  if (!isObj(h)) return;
  if (unset(h.path)) h.path = '/';
  if (unset(h.scheme)) h.scheme = 'HTTP';
}

function defaultProbe(p: unknown): void {
  if (!isObj(p)) return;
  // Zero means "unset" for these int32 fields in Go.
  if (!p.timeoutSeconds) p.timeoutSeconds = 1;
  if (!p.periodSeconds) p.periodSeconds = 10;
  if (!p.successThreshold) p.successThreshold = 1;
  if (!p.failureThreshold) p.failureThreshold = 3;
  defaultHTTPGet(p.httpGet);
}

function defaultContainer(c: Obj, isPod: boolean, hostNetwork: boolean): void {
  if (unset(c.imagePullPolicy) && typeof c.image === 'string') {
    // Mutable tags are re-pulled; pinned tags and digests are used when present.
    c.imagePullPolicy = imageTag(c.image) === 'latest' ? 'Always' : 'IfNotPresent';
  }
  if (unset(c.terminationMessagePath)) c.terminationMessagePath = TERMINATION_MESSAGE_PATH;
  if (unset(c.terminationMessagePolicy)) c.terminationMessagePolicy = 'File';
  for (const port of objects(c.ports)) {
    if (unset(port.protocol)) port.protocol = 'TCP';
    if (hostNetwork && !port.hostPort) port.hostPort = port.containerPort;
  }
  for (const ev of objects(c.env)) {
    const fr = isObj(ev.valueFrom) ? ev.valueFrom.fieldRef : undefined;
    if (isObj(fr) && unset(fr.apiVersion)) fr.apiVersion = 'v1';
    const rr = isObj(ev.valueFrom) ? ev.valueFrom.resourceFieldRef : undefined;
    if (isObj(rr) && typeof rr.divisor === 'number' && isValidQuantity(rr.divisor)) rr.divisor = formatQuantity(rr.divisor);
  }
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) defaultProbe(c[probe]);
  if (isObj(c.lifecycle)) {
    for (const hook of ['postStart', 'preStop']) if (isObj(c.lifecycle[hook])) defaultHTTPGet(c.lifecycle[hook].httpGet);
  }
  if (c.resources === undefined) c.resources = {};
  if (isObj(c.resources)) {
    const r = c.resources;
    normalizeQuantities(r.limits, 'BinarySI');
    normalizeQuantities(r.requests, 'BinarySI');
    // Only on Pods (not templates): requests default to limits, so a pod with
    // limits alone is Guaranteed and the scheduler reserves what it may use.
    if (isPod && isObj(r.limits)) {
      if (!isObj(r.requests)) r.requests = {};
      for (const [k, v] of Object.entries(r.limits)) if (!(k in r.requests)) r.requests[k] = v;
    }
  }
}

function defaultVolume(v: Obj): void {
  const sources = ['configMap', 'secret', 'hostPath', 'emptyDir'];
  if (!sources.some((s) => v[s] !== undefined)) {
    // A volume without a source is scratch space (SetDefaults_Volume).
    v.emptyDir = {};
    return;
  }
  if (isObj(v.configMap) && v.configMap.defaultMode === undefined) v.configMap.defaultMode = DEFAULT_FILE_MODE;
  if (isObj(v.secret) && v.secret.defaultMode === undefined) v.secret.defaultMode = DEFAULT_FILE_MODE;
  if (isObj(v.hostPath) && v.hostPath.type === undefined) v.hostPath.type = '';
  if (isObj(v.emptyDir) && typeof v.emptyDir.sizeLimit === 'number' && isValidQuantity(v.emptyDir.sizeLimit)) {
    v.emptyDir.sizeLimit = formatQuantity(v.emptyDir.sizeLimit, 'BinarySI');
  }
}

/**
 * Defaults of a pod spec, in place. `isPod` adds the defaults Kubernetes applies
 * to Pod objects only (requests from limits, enableServiceLinks), not to templates.
 */
export function defaultPodSpec(spec: unknown, isPod: boolean): void {
  if (!isObj(spec)) return;
  if (unset(spec.dnsPolicy)) spec.dnsPolicy = 'ClusterFirst';
  if (unset(spec.restartPolicy)) spec.restartPolicy = 'Always';
  if (spec.securityContext === undefined) spec.securityContext = {};
  if (spec.terminationGracePeriodSeconds === undefined) spec.terminationGracePeriodSeconds = DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS;
  if (unset(spec.schedulerName)) spec.schedulerName = DEFAULT_SCHEDULER_NAME;
  if (isPod && spec.enableServiceLinks === undefined) spec.enableServiceLinks = true;
  const hostNetwork = spec.hostNetwork === true;
  for (const c of objects(spec.containers)) defaultContainer(c, isPod, hostNetwork);
  for (const c of objects(spec.initContainers)) defaultContainer(c, isPod, hostNetwork);
  for (const v of objects(spec.volumes)) defaultVolume(v);
  normalizeQuantities(spec.overhead, 'BinarySI');
}

/** How long pods stay bound to a NotReady/unreachable node before eviction. */
export const DEFAULT_NOT_READY_TOLERATION_SECONDS = 300;
const NODE_FAILURE_TAINTS = ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'];

/**
 * The server's --default-not-ready-toleration-seconds / --default-unreachable-toleration-seconds
 * (kube-apiserver's flags of the same names). Process-wide, like the flags: set once by
 * the server at start.
 */
const nodeFailureTolerationSeconds: Record<string, number> = {
  'node.kubernetes.io/not-ready': DEFAULT_NOT_READY_TOLERATION_SECONDS,
  'node.kubernetes.io/unreachable': DEFAULT_NOT_READY_TOLERATION_SECONDS,
};

export function setDefaultTolerationSeconds(notReady = DEFAULT_NOT_READY_TOLERATION_SECONDS, unreachable = DEFAULT_NOT_READY_TOLERATION_SECONDS): void {
  nodeFailureTolerationSeconds['node.kubernetes.io/not-ready'] = notReady;
  nodeFailureTolerationSeconds['node.kubernetes.io/unreachable'] = unreachable;
}

/**
 * The DefaultTolerationSeconds admission plugin: a pod tolerates its node being
 * NotReady or unreachable for 300s before taint-based eviction moves it, so a
 * brief network partition does not reschedule everything (partition is not crash).
 */
export function defaultNodeFailureTolerations(spec: unknown): void {
  if (!isObj(spec)) return;
  if (spec.tolerations !== undefined && !Array.isArray(spec.tolerations)) return;
  const tolerations: Obj[] = spec.tolerations ?? [];
  const covered = (key: string) =>
    tolerations.some(
      (t) => isObj(t) && (t.effect === undefined || t.effect === '' || t.effect === 'NoExecute') && (t.key === key || (unset(t.key) && t.operator === 'Exists')),
    );
  const added = NODE_FAILURE_TAINTS.filter((k) => !covered(k)).map((key) => ({
    key,
    operator: 'Exists',
    effect: 'NoExecute',
    tolerationSeconds: nodeFailureTolerationSeconds[key],
  }));
  if (added.length) spec.tolerations = [...tolerations, ...added];
}

/** A workload's pod template gets the pod spec defaults. */
export function defaultPodTemplate(template: unknown): void {
  if (isObj(template)) defaultPodSpec(template.spec, false);
}
