// Resolving `pods/log` and `pods/exec` requests to a container on a node, with
// kube-apiserver's wording for the errors a user meets (no node yet, no such
// container, several containers and none named, not started yet).

import type { KubeObject } from '../../../shared/api/object.js';
import { KINDS } from '../../../shared/api/kinds.js';
import type { PodTarget } from '../../../shared/mqtt/rpc.js';
import type { Registry } from '../../registry/registry.js';
import { errors } from '../status.js';

const POD = KINDS.find((k) => k.kind === 'Pod')!;

export interface ResolvedTarget extends PodTarget {
  node: string;
  pod: string;
}

function containerNames(pod: KubeObject): { all: string[]; main: string[] } {
  const main = ((pod.spec?.containers ?? []) as Array<{ name: string }>).map((c) => c.name);
  const init = ((pod.spec?.initContainers ?? []) as Array<{ name: string }>).map((c) => c.name);
  return { all: [...init, ...main], main };
}

export async function resolvePodTarget(registry: Registry, namespace: string, name: string, container: string | null, opts: { previous?: boolean; running?: boolean } = {}): Promise<ResolvedTarget> {
  const pod = await registry.get(POD, namespace, name);
  const { all, main } = containerNames(pod);
  let c = container ?? '';
  if (!c) {
    const annotated = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
    if (annotated && all.includes(annotated)) c = annotated;
    else if (main.length === 1) c = main[0]!;
    else throw errors.badRequest(`a container name must be specified for pod ${name}, choose one of: [${main.join(' ')}]${all.length > main.length ? ` or one of the init containers: [${all.filter((x) => !main.includes(x)).join(' ')}]` : ''}`);
  }
  if (!all.includes(c)) throw errors.badRequest(`container ${c} is not valid for pod ${name}`);
  const node = pod.spec?.nodeName as string | undefined;
  if (!node) throw errors.badRequest(`pod ${name} does not have a host assigned`);
  const statuses = [...((pod.status?.initContainerStatuses ?? []) as any[]), ...((pod.status?.containerStatuses ?? []) as any[])];
  const st = statuses.find((s) => s.name === c);
  if (opts.previous) {
    if (st && !st.lastState?.terminated) throw errors.badRequest(`previous terminated container "${c}" in pod "${name}" not found`);
  } else if (!st || (st.state?.waiting && !st.lastState?.terminated)) {
    const reason = st?.state?.waiting?.reason ?? 'ContainerCreating';
    throw errors.badRequest(`container "${c}" in pod "${name}" is waiting to start: ${reason}`);
  }
  if (opts.running && !st?.state?.running) throw errors.badRequest(`cannot exec into a container in a completed pod; current phase is ${pod.status?.phase ?? 'Unknown'}`);
  const id = opts.previous ? st?.lastState?.terminated?.containerID : (st?.containerID ?? st?.state?.terminated?.containerID);
  const containerID = typeof id === 'string' ? id.replace(/^[a-z]+:\/\//, '') : undefined;
  return { node, namespace, pod: name, uid: pod.metadata.uid!, container: c, ...(containerID ? { containerID } : {}) };
}

/** RPC failures as Status errors: a node that is away is 503, the rest keep their message */
export function rpcFailure(err: Error & { code?: string }, node: string) {
  switch (err.code) {
    case 'NodeNotConnected':
    case 'NodeDisconnected':
    case 'NodeTimeout':
      return errors.unavailable(`node ${node} is not reachable: ${err.message}`, err);
    case 'ContainerNotFound':
    case 'PreviousNotFound':
    case 'ContainerNotRunning':
      return errors.badRequest(err.message);
    default:
      return errors.internal(err.message, err);
  }
}
