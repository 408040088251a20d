// The server side of MQTT request/response (shared/mqtt/rpc.ts): a call
// publishes a request to the node and collects reply chunks in order of
// `seq` (QoS 1 may duplicate a chunk; MQTT keeps one publisher's order, but
// we do not rely on it). A call fails with a clear code when the node is not
// connected, when it does not answer in time, or when the node drops off
// mid-stream.

import { randomBytes } from 'node:crypto';
import { topics } from '../../shared/mqtt/topics.js';
import type { RpcError, RpcReply, RpcRequest } from '../../shared/mqtt/rpc.js';
import { EdgeplaneError } from '../../shared/errors.js';

type Method = Exclude<RpcRequest, { method: 'cancel' }>;

export interface RpcCall {
  /** resolves with exec's result (logs: undefined) once the node says done; rejects with an EdgeplaneError */
  done: Promise<RpcReply['result']>;
  /** stop a stream: tells the node and settles `done` */
  cancel(): void;
}

interface Pending {
  node: string;
  next: number;
  held: Map<number, RpcReply>;
  onData: (chunk: string) => void;
  resolve: (r: RpcReply['result']) => void;
  reject: (e: Error) => void;
  timer?: NodeJS.Timeout;
}

export interface NodeRpcOptions {
  publish: (topic: string, payload: string) => Promise<void>;
  isOnline: (node: string) => boolean;
  /** no reply at all within this time fails the call (default 15 s) */
  firstReplyTimeoutMs?: number;
  /** a follow stream with no chunk for this long is not an error; only the first reply is timed */
}

export class NodeRpc {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly o: NodeRpcOptions) {}

  call(node: string, method: Method['method'], params: Method['params'], onData: (chunk: string) => void = () => undefined): RpcCall {
    const correlationId = randomBytes(12).toString('base64url');
    let pending!: Pending;
    const done = new Promise<RpcReply['result']>((resolve, reject) => {
      pending = { node, next: 0, held: new Map(), onData, resolve, reject };
    });
    // callers that cancel may never await `done`
    done.catch(() => undefined);
    if (!this.o.isOnline(node)) {
      pending.reject(new EdgeplaneError('NodeNotConnected', `node ${node} is not connected`));
      return { done, cancel: () => undefined };
    }
    this.pending.set(correlationId, pending);
    pending.timer = setTimeout(() => this.fail(correlationId, new EdgeplaneError('NodeTimeout', `node ${node} did not answer`)), this.o.firstReplyTimeoutMs ?? 15_000);
    const req = { correlationId, replyTo: topics.rpcReply(node, correlationId), method, params } as RpcRequest;
    this.o.publish(topics.rpcRequest(node), JSON.stringify(req)).catch((err: Error) => this.fail(correlationId, new EdgeplaneError('PublishFailed', err.message, { cause: err })));
    return {
      done,
      cancel: () => {
        if (!this.pending.has(correlationId)) return;
        this.finish(correlationId);
        pending.resolve(undefined);
        void this.o.publish(topics.rpcRequest(node), JSON.stringify({ correlationId, method: 'cancel' })).catch(() => undefined);
      },
    };
  }

  /** a reply from `node` (the topic told us who sent it) */
  reply(node: string, r: RpcReply): void {
    const p = this.pending.get(r.correlationId);
    if (!p || p.node !== node) return; // late, cancelled, or someone else's
    if (p.timer) clearTimeout(p.timer);
    p.timer = undefined;
    if (r.seq < p.next) return; // duplicate
    p.held.set(r.seq, r);
    while (p.held.has(p.next)) {
      const c = p.held.get(p.next)!;
      p.held.delete(p.next);
      p.next++;
      if (c.data) p.onData(c.data);
      if (c.error) return this.fail(r.correlationId, rpcError(c.error));
      if (c.done) {
        this.finish(r.correlationId);
        p.resolve(c.result);
        return;
      }
    }
  }

  /** the node's session ended: its calls cannot complete */
  nodeGone(node: string): void {
    for (const [id, p] of this.pending) if (p.node === node) this.fail(id, new EdgeplaneError('NodeDisconnected', `node ${node} disconnected`));
  }

  close(): void {
    for (const id of [...this.pending.keys()]) this.fail(id, new EdgeplaneError('ServerShutdown', 'server shutting down'));
  }

  private fail(id: string, err: Error): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.finish(id);
    p.reject(err);
  }

  private finish(id: string): void {
    const p = this.pending.get(id);
    if (p?.timer) clearTimeout(p.timer);
    this.pending.delete(id);
  }
}

function rpcError(e: RpcError): EdgeplaneError {
  return new EdgeplaneError(e.code, e.message);
}
