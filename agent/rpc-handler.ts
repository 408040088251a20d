// Answers the server's logs/exec requests (shared/mqtt/rpc.ts) from the
// container runtime. Containers are found by the pod worker's labels (pod uid
// + container name, newest attempt first), so this needs no worker state and
// works for containers of a previous agent run. Log text is sent in chunks of
// at most CHUNK_BYTES so no MQTT message comes near the broker's payload limit;
// a follow stream ends when the container exits or the server cancels.

import type { ContainerRuntime } from './runtime/types.js';
import { LABEL_ATTEMPT, LABEL_CONTAINER_NAME, LABEL_POD_UID } from './runtime/types.js';
import type { RpcReply, RpcRequest, LogsParams, ExecParams } from '../shared/mqtt/rpc.js';

const CHUNK_BYTES = 32 * 1024;
const FLUSH_MS = 50;

export type ReplySender = (replyTo: string, r: RpcReply) => void;

export class RpcHandler {
  private readonly streams = new Map<string, AbortController>();

  constructor(
    private readonly rt: ContainerRuntime,
    private readonly send: ReplySender,
    private readonly log: (m: string) => void = () => undefined,
  ) {}

  handle(req: RpcRequest): void {
    if (req.method === 'cancel') {
      this.streams.get(req.correlationId)?.abort();
      return;
    }
    if (this.streams.has(req.correlationId)) return; // a duplicate delivery (QoS 1)
    const ac = new AbortController();
    this.streams.set(req.correlationId, ac);
    let seq = 0;
    const reply = (r: Omit<RpcReply, 'correlationId' | 'seq'>) => this.send(req.replyTo, { correlationId: req.correlationId, seq: seq++, ...r });
    const run: Promise<RpcReply['result'] | void> = req.method === 'logs' ? this.logs(req.params, ac.signal, (data) => reply({ data })) : this.exec(req.params);
    run
      .then(
        (result) => reply({ ...(result ? { result } : {}), done: true }),
        (err: Error & { code?: string }) => {
          this.log(`${req.method} ${req.params.namespace}/${req.params.pod}: ${err.message}`);
          reply({ error: { code: err.code ?? 'RuntimeError', message: err.message }, done: true });
        },
      )
      .finally(() => this.streams.delete(req.correlationId));
  }

  /** stop every running stream (agent shutdown) */
  close(): void {
    for (const ac of this.streams.values()) ac.abort();
  }

  /** newest container of (pod uid, container name); `previous` = the one before it */
  async findContainer(uid: string, container: string, previous: boolean, containerID?: string): Promise<string> {
    const all = await this.rt.listContainers({ [LABEL_POD_UID]: uid, [LABEL_CONTAINER_NAME]: container });
    // the status the server holds names the exact instance (e.g. the last terminated one while in back-off)
    if (containerID && all.some((c) => c.id === containerID)) return containerID;
    const sorted = all.sort((a, b) => Number(b.labels[LABEL_ATTEMPT] ?? 0) - Number(a.labels[LABEL_ATTEMPT] ?? 0));
    const c = sorted[previous ? 1 : 0];
    if (!c) {
      const what = previous ? `previous terminated container "${container}"` : `container "${container}"`;
      throw Object.assign(new Error(`${what} in pod not found`), { code: previous ? 'PreviousNotFound' : 'ContainerNotFound' });
    }
    return c.id;
  }

  private async logs(p: LogsParams, signal: AbortSignal, emit: (data: string) => void): Promise<void> {
    const id = await this.findContainer(p.uid, p.container, p.previous === true, p.containerID);
    let buf = '';
    let sent = 0;
    let timer: NodeJS.Timeout | undefined;
    const limit = p.limitBytes ?? Infinity;
    const flush = () => {
      if (timer) clearTimeout(timer);
      timer = undefined;
      while (buf.length) {
        const part = buf.slice(0, CHUNK_BYTES);
        buf = buf.slice(part.length);
        emit(part);
      }
    };
    try {
      for await (const chunk of this.rt.logs(id, { tail: p.tailLines, follow: p.follow === true && !p.previous, signal })) {
        if (signal.aborted) break;
        const room = limit - sent;
        const piece = chunk.length > room ? chunk.slice(0, room) : chunk;
        buf += piece;
        sent += piece.length;
        if (buf.length >= CHUNK_BYTES) flush();
        else if (!timer) timer = setTimeout(flush, FLUSH_MS);
        if (sent >= limit) break;
      }
    } finally {
      flush();
    }
  }

  private async exec(p: ExecParams): Promise<RpcReply['result']> {
    const id = await this.findContainer(p.uid, p.container, false);
    const status = await this.rt.containerStatus(id);
    if (status.state !== 'running') {
      throw Object.assign(new Error(`container "${p.container}" is not running`), { code: 'ContainerNotRunning' });
    }
    const r = await this.rt.exec(id, p.command);
    // keep the reply under the broker's payload limit
    const cap = (s: string) => (s.length > 96 * 1024 ? s.slice(0, 96 * 1024) : s);
    return { exitCode: r.exitCode, stdout: cap(r.stdout), stderr: cap(r.stderr) };
  }
}
