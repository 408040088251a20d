// pods/exec over WebSocket with Kubernetes' channel protocol
// (v5.channel.k8s.io / v4.channel.k8s.io, what kubectl ≥1.30 speaks): each
// binary message starts with a channel byte — 1 stdout, 2 stderr, 3 the final
// metav1.Status (exit code in details.causes, reason NonZeroExitCode). The
// command runs on the node over MQTT (server/broker/rpc.ts). Non-interactive
// only: stdin and tty are refused with a clear error before the upgrade.

import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Registry } from '../../registry/registry.js';
import type { NodeRpc } from '../../broker/rpc.js';
import type { TokenAuthenticator } from '../../auth/tokens.js';
import { bearerToken } from '../../auth/tokens.js';
import { authorize } from '../../auth/authorize.js';
import { ApiError, errors } from '../status.js';
import type { Status } from '../../../shared/api/object.js';
import { resolvePodTarget, rpcFailure } from './target.js';

export const EXEC_PATH = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/exec\/?$/;
const PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];
const STDOUT = 1;
const STDERR = 2;
const ERROR = 3;

export interface ExecDeps {
  registry: Registry;
  auth: () => TokenAuthenticator | undefined;
  rpc: () => NodeRpc | undefined;
}

function refuse(socket: Duplex, err: unknown): void {
  const e = err instanceof ApiError ? err : errors.internal((err as Error).message);
  const body = JSON.stringify(e.status);
  socket.end(`HTTP/1.1 ${e.status.code} ${e.status.reason}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
}

function frame(channel: number, data: string | Buffer): Buffer {
  const b = typeof data === 'string' ? Buffer.from(data) : data;
  return Buffer.concat([Buffer.from([channel]), b]);
}

export class ExecEndpoint {
  private readonly wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (offered) => PROTOCOLS.find((p) => offered.has(p)) ?? false,
  });

  constructor(private readonly deps: ExecDeps) {}

  /** handles the upgrade when the path is pods/exec; false otherwise */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const m = EXEC_PATH.exec(url.pathname);
    if (!m) return false;
    socket.on('error', () => undefined);
    void this.accept(req, socket, head, url, decodeURIComponent(m[1]!), decodeURIComponent(m[2]!)).catch((err) => refuse(socket, err));
    return true;
  }

  close(): void {
    for (const c of this.wss.clients) c.terminate();
    this.wss.close();
  }

  private async accept(req: IncomingMessage, socket: Duplex, head: Buffer, url: URL, namespace: string, name: string): Promise<void> {
    const token = bearerToken(req.headers.authorization);
    const who = token ? this.deps.auth()?.authenticate(token) : undefined;
    if (!who) throw errors.unauthorized();
    const d = authorize(who, 'create', 'pods');
    if (!d.allowed) throw errors.forbidden(`pods "${name}" is forbidden: User "${who.name}" cannot create resource "pods/exec" in API group "" in the namespace "${namespace}": ${d.reason}`);
    const q = url.searchParams;
    const command = q.getAll('command');
    if (command.length === 0) throw errors.badRequest('you must specify at least 1 command');
    if (q.get('stdin') === 'true' || q.get('tty') === 'true') {
      throw errors.badRequest('interactive exec (stdin/tty) is not supported: run a command without -i/-t');
    }
    const offered = String(req.headers['sec-websocket-protocol'] ?? '').split(',').map((s) => s.trim());
    if (!offered.some((p) => PROTOCOLS.includes(p))) throw errors.badRequest(`unsupported exec protocol; supported: ${PROTOCOLS.join(', ')}`);
    const t = await resolvePodTarget(this.deps.registry, namespace, name, q.get('container'), { running: true });
    const rpc = this.deps.rpc();
    if (!rpc) throw errors.unavailable('the node broker is not running');
    const wantOut = q.get('stdout') !== 'false';
    const wantErr = q.get('stderr') !== 'false';
    this.wss.handleUpgrade(req, socket, head, (ws) => void this.run(ws, rpc, t, command, wantOut, wantErr));
  }

  private async run(ws: WebSocket, rpc: NodeRpc, t: Awaited<ReturnType<typeof resolvePodTarget>>, command: string[], wantOut: boolean, wantErr: boolean): Promise<void> {
    const call = rpc.call(t.node, 'exec', { namespace: t.namespace, pod: t.pod, uid: t.uid, container: t.container, command });
    ws.on('close', () => call.cancel());
    let status: Status;
    try {
      const r = await call.done;
      if (r && wantOut && r.stdout) ws.send(frame(STDOUT, r.stdout));
      if (r && wantErr && r.stderr) ws.send(frame(STDERR, r.stderr));
      const code = r?.exitCode ?? 0;
      status =
        code === 0
          ? ({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success' } as Status)
          : ({
              kind: 'Status',
              apiVersion: 'v1',
              metadata: {},
              status: 'Failure',
              message: `command terminated with non-zero exit code: error executing command [${command.join(' ')}], exit code ${code}`,
              reason: 'NonZeroExitCode',
              details: { causes: [{ reason: 'ExitCode', message: String(code) }] },
            } as unknown as Status);
    } catch (err) {
      status = rpcFailure(err as Error, t.node).status;
    }
    if (ws.readyState === ws.OPEN) {
      ws.send(frame(ERROR, JSON.stringify(status)));
      ws.close(1000);
    }
  }
}
