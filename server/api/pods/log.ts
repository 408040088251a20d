// GET /api/v1/namespaces/{ns}/pods/{name}/log — the Kubernetes pods/log
// subresource, answered by the node over MQTT (server/broker/rpc.ts): plain
// text, streamed while `follow=true` until the container exits or the client
// goes away (which cancels the stream on the node).

import type { ResourceContext } from '../handlers/context.js';
import type { NodeRpc } from '../../broker/rpc.js';
import { errors } from '../status.js';
import { resolvePodTarget, rpcFailure } from './target.js';

function boolParam(v: string | null): boolean {
  return v === 'true' || v === '1';
}

function intParam(q: URLSearchParams, name: string, min: number): number | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) {
    throw errors.invalid('PodLogOptions', '', '', [{ type: 'FieldValueInvalid', field: name, message: `Invalid value: ${JSON.stringify(v)}: must be an integer greater than or equal to ${min}` }]);
  }
  return n;
}

export async function handlePodLog(ctx: ResourceContext, rpc: NodeRpc | undefined): Promise<void> {
  const { info, url, res, req } = ctx;
  if (info.verb !== 'get') throw errors.methodNotAllowed(req.method ?? '', url.pathname);
  const q = url.searchParams;
  const previous = boolParam(q.get('previous'));
  const follow = boolParam(q.get('follow'));
  const tailLines = intParam(q, 'tailLines', 0);
  const limitBytes = intParam(q, 'limitBytes', 1);
  const t = await resolvePodTarget(ctx.registry, info.namespace, info.name, q.get('container'), { previous });
  if (!rpc) throw errors.unavailable('the node broker is not running');
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    res.writeHead(200, { 'content-type': 'text/plain', 'transfer-encoding': 'chunked', 'cache-control': 'no-cache' });
  };
  const call = rpc.call(t.node, 'logs', { namespace: t.namespace, pod: t.pod, uid: t.uid, container: t.container, containerID: t.containerID, follow, previous, tailLines, limitBytes }, (chunk) => {
    start();
    res.write(chunk);
  });
  const cancel = () => call.cancel();
  res.on('close', cancel);
  try {
    await call.done;
  } catch (err) {
    if (started) {
      res.destroy();
      return;
    }
    throw rpcFailure(err as Error, t.node);
  } finally {
    res.off('close', cancel);
  }
  start();
  res.end();
}
