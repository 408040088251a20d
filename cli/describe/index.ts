// Which describer renders which kind, and the related objects each one needs
// (a Deployment's ReplicaSets, a Service's Endpoints, a Node's pods). Related
// objects that cannot be read leave their section out instead of failing.

import { resolveKind, type KindInfo } from '../../shared/api/kinds.js';
import type { KubeObject } from '../../shared/api/object.js';
import type { ApiClient } from '../client.js';
import { resourcePath } from '../paths.js';
import { ApiStatusError } from '../status.js';
import { renderConfigMap } from './configmap.js';
import { renderDaemonSet } from './daemonset.js';
import { renderDeployment } from './deployment.js';
import { listEvents, writeEvents } from './events.js';
import { writeMeta } from './format.js';
import { renderGeneric } from './generic.js';
import { renderNode } from './node.js';
import { renderPod } from './pod.js';
import { renderReplicaSet } from './replicaset.js';
import { renderSecret } from './secret.js';
import { renderService } from './service.js';
import { DescribeWriter } from './writer.js';

interface Ctx {
  client: ApiClient;
  obj: KubeObject;
  kind: KindInfo;
  w: DescribeWriter;
  now: number;
}

/** A related read that may fail (forbidden, unsupported selector): undefined then. */
async function optional<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof ApiStatusError) return undefined;
    throw err;
  }
}

function list(client: ApiClient, resource: string, namespace: string | undefined, query: Record<string, string | undefined>) {
  return optional(async () => ((await client.get(resourcePath(resolveKind(resource)!, namespace), query)).items ?? []) as KubeObject[]);
}

/**
 * kubectl's namespace describer shows no events (it would show quotas and limit
 * ranges, which Edgeplane has not), nor does its secret describer.
 */
const WITHOUT_EVENTS = new Set(['Namespace', 'Secret']);

function selectorQuery(obj: KubeObject): Record<string, string | undefined> {
  const matchLabels: Record<string, string> = obj.spec?.selector?.matchLabels ?? {};
  return { labelSelector: Object.entries(matchLabels).map(([k, v]) => `${k}=${v}`).join(',') || undefined };
}

const DESCRIBERS: Record<string, (c: Ctx) => Promise<void>> = {
  async Namespace({ w, obj }) {
    writeMeta(w, obj, false);
    w.line(0, 'Status:', obj.status?.phase ?? '');
  },
  async Pod({ w, obj, now }) {
    renderPod(w, obj, now);
  },
  async Deployment({ w, obj, client }) {
    renderDeployment(w, obj, await list(client, 'replicasets', obj.metadata.namespace, selectorQuery(obj)));
  },
  async ReplicaSet({ w, obj, client }) {
    renderReplicaSet(w, obj, await list(client, 'pods', obj.metadata.namespace, selectorQuery(obj)));
  },
  async DaemonSet({ w, obj, client }) {
    renderDaemonSet(w, obj, await list(client, 'pods', obj.metadata.namespace, selectorQuery(obj)));
  },
  async ConfigMap({ w, obj }) {
    renderConfigMap(w, obj);
  },
  async Secret({ w, obj }) {
    renderSecret(w, obj);
  },
  async Service({ w, obj, client }) {
    const endpoints = await optional(() => client.get(resourcePath(resolveKind('endpoints')!, obj.metadata.namespace, obj.metadata.name)));
    renderService(w, obj, endpoints);
  },
  async Node({ w, obj, client, now }) {
    const pods = await list(client, 'pods', undefined, { fieldSelector: `spec.nodeName=${obj.metadata.name}` });
    const running = pods?.filter((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
    renderNode(w, obj, running, now);
  },
};

export async function describeObject(client: ApiClient, kind: KindInfo, obj: KubeObject, now = Date.now()): Promise<string> {
  const w = new DescribeWriter();
  const describer = DESCRIBERS[kind.kind];
  if (describer) await describer({ client, obj, kind, w, now });
  else renderGeneric(w, obj, kind.namespaced);
  if (!WITHOUT_EVENTS.has(kind.kind)) writeEvents(w, await optional(() => listEvents(client, obj, kind)), now);
  return w.text();
}
