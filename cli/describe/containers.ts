// Containers and volumes, shared by the Pod describer and pod templates
// (Deployment, ReplicaSet, DaemonSet); kubectl's describeContainers/describeVolumes.

import { formatTime, printBool } from './format.js';
import type { DescribeWriter } from './writer.js';

interface Port {
  containerPort?: number;
  hostPort?: number;
  protocol?: string;
  name?: string;
}

function portList(ports: Port[] | undefined, host: boolean): string {
  return (ports ?? []).map((p) => `${(host ? p.hostPort : p.containerPort) ?? 0}/${p.protocol ?? 'TCP'}`).join(', ');
}

function writePorts(w: DescribeWriter, ports: Port[] | undefined): void {
  const n = ports?.length ?? 0;
  w.line(2, n > 1 ? 'Ports:' : 'Port:', n === 0 ? '<none>' : portList(ports, false));
  w.line(2, n > 1 ? 'Host Ports:' : 'Host Port:', n === 0 ? '<none>' : portList(ports, true));
}

function writeState(w: DescribeWriter, title: string, state: any): void {
  if (state?.running) {
    w.line(2, `${title}:`, 'Running');
    w.line(3, 'Started:', formatTime(state.running.startedAt));
  } else if (state?.terminated) {
    const t = state.terminated;
    w.line(2, `${title}:`, 'Terminated');
    if (t.reason) w.line(3, 'Reason:', t.reason);
    if (t.message) w.line(3, 'Message:', t.message);
    w.line(3, 'Exit Code:', t.exitCode ?? 0);
    if (t.signal) w.line(3, 'Signal:', t.signal);
    w.line(3, 'Started:', formatTime(t.startedAt));
    w.line(3, 'Finished:', formatTime(t.finishedAt));
  } else {
    w.line(2, `${title}:`, 'Waiting');
    if (state?.waiting?.reason) w.line(3, 'Reason:', state.waiting.reason);
  }
}

function writeList(w: DescribeWriter, title: string, items: string[] | undefined): void {
  if (!items?.length) return;
  w.line(2, `${title}:`);
  for (const s of items) w.line(3, s);
}

function writeResources(w: DescribeWriter, resources: any): void {
  for (const [title, values] of [
    ['Limits', resources?.limits],
    ['Requests', resources?.requests],
  ] as const) {
    const keys = Object.keys(values ?? {}).sort();
    if (keys.length === 0) continue;
    w.line(2, `${title}:`);
    for (const k of keys) w.line(3, `${k}:`, values[k]);
  }
}

function probeText(p: any): string {
  let how = 'unknown';
  if (p.httpGet) how = `http-get ${p.httpGet.scheme === 'HTTPS' ? 'https' : 'http'}://${p.httpGet.host ?? ''}:${p.httpGet.port}${p.httpGet.path ?? ''}`;
  else if (p.tcpSocket) how = `tcp-socket ${p.tcpSocket.host ?? ''}:${p.tcpSocket.port}`;
  else if (p.exec) how = `exec [${(p.exec.command ?? []).join(' ')}]`;
  return `${how} delay=${p.initialDelaySeconds ?? 0}s timeout=${p.timeoutSeconds ?? 1}s period=${p.periodSeconds ?? 10}s #success=${p.successThreshold ?? 1} #failure=${p.failureThreshold ?? 3}`;
}

function writeEnv(w: DescribeWriter, env: any[] | undefined): void {
  if (!env?.length) return w.line(2, 'Environment:', '<none>');
  w.line(2, 'Environment:');
  for (const e of env) {
    let value: string = e.value ?? '';
    const from = e.valueFrom;
    if (from?.fieldRef) value = `(${from.fieldRef.apiVersion ?? 'v1'}:${from.fieldRef.fieldPath})`;
    else if (from?.configMapKeyRef) value = `<set to the key '${from.configMapKeyRef.key}' of config map '${from.configMapKeyRef.name}'>`;
    else if (from?.secretKeyRef) value = `<set to the key '${from.secretKeyRef.key}' in secret '${from.secretKeyRef.name}'>`;
    w.line(3, `${e.name}:`, value);
  }
}

function writeMounts(w: DescribeWriter, mounts: any[] | undefined): void {
  if (!mounts?.length) return w.line(2, 'Mounts:', '<none>');
  w.line(2, 'Mounts:');
  for (const m of mounts) {
    const sub = m.subPath ? `, path = "${m.subPath}"` : '';
    w.line(3, `${m.mountPath} from ${m.name} (${m.readOnly ? 'ro' : 'rw'}${sub})`);
  }
}

/**
 * `Containers:` with one block per container; `statuses` (a Pod's
 * containerStatuses) adds IDs, state, readiness and restarts. In pod templates
 * (`template`) the title is indented and names get kubectl's one extra space.
 */
export function writeContainers(w: DescribeWriter, title: string, containers: any[] | undefined, statuses: any[] | undefined, template = false): void {
  w.line(template ? 1 : 0, `${title}:${containers?.length ? '' : ' <none>'}`);
  for (const c of containers ?? []) {
    const status = statuses?.find((s) => s.name === c.name);
    w.line(1, `${template ? ' ' : ''}${c.name}:`);
    if (status) w.line(2, 'Container ID:', status.containerID ?? '');
    w.line(2, 'Image:', c.image ?? '');
    if (status) w.line(2, 'Image ID:', status.imageID ?? '');
    writePorts(w, c.ports);
    writeList(w, 'Command', c.command);
    writeList(w, 'Args', c.args);
    if (status) {
      writeState(w, 'State', status.state);
      if (status.lastState?.terminated) writeState(w, 'Last State', status.lastState);
      w.line(2, 'Ready:', printBool(status.ready));
      w.line(2, 'Restart Count:', status.restartCount ?? 0);
    }
    writeResources(w, c.resources);
    if (c.livenessProbe) w.line(2, 'Liveness:', probeText(c.livenessProbe));
    if (c.readinessProbe) w.line(2, 'Readiness:', probeText(c.readinessProbe));
    if (c.startupProbe) w.line(2, 'Startup:', probeText(c.startupProbe));
    writeEnv(w, c.env);
    writeMounts(w, c.volumeMounts);
  }
}

/** `Volumes:` with one block per volume, by source type; indented like writeContainers in pod templates. */
export function writeVolumes(w: DescribeWriter, volumes: any[] | undefined, template = false): void {
  const level = template ? 1 : 0;
  if (!volumes?.length) return w.line(level, 'Volumes:', '<none>');
  w.line(level, 'Volumes:');
  const l = 2;
  for (const v of volumes) {
    w.line(1, `${template ? ' ' : ''}${v.name}:`);
    if (v.emptyDir) {
      w.line(l, 'Type:', "EmptyDir (a temporary directory that shares a pod's lifetime)");
      w.line(l, 'Medium:', v.emptyDir.medium ?? '');
      w.line(l, 'SizeLimit:', v.emptyDir.sizeLimit ?? '<unset>');
    } else if (v.hostPath) {
      w.line(l, 'Type:', 'HostPath (bare host directory volume)');
      w.line(l, 'Path:', v.hostPath.path ?? '');
      w.line(l, 'HostPathType:', v.hostPath.type ?? '');
    } else if (v.configMap) {
      w.line(l, 'Type:', 'ConfigMap (a volume populated by a ConfigMap)');
      w.line(l, 'Name:', v.configMap.name ?? '');
      w.line(l, 'Optional:', String(!!v.configMap.optional));
    } else if (v.secret) {
      w.line(l, 'Type:', 'Secret (a volume populated by a Secret)');
      w.line(l, 'SecretName:', v.secret.secretName ?? '');
      w.line(l, 'Optional:', String(!!v.secret.optional));
    } else {
      w.line(l, 'Type:', `${Object.keys(v).find((k) => k !== 'name') ?? '<unknown>'} (not described by edgectl)`);
    }
  }
}
