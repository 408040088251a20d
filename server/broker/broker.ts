// The embedded MQTT broker: aedes on a TCP port and on the API server's HTTPS
// port at /mqtt (MQTT over WebSocket, for browser dashboards). Authentication
// maps each connection to a Principal; acl.ts decides every publish and
// subscribe. Messages from nodes are routed to the join handler, the node
// lifecycle and the pod status ingest. A misbehaving client (oversized packet,
// bad JSON, forbidden topic) is dropped or ignored; the server never throws.

import { createServer, type Server as NetServer, type Socket, type AddressInfo } from 'node:net';
import type { Server as HttpsServer } from 'node:https';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { Aedes, type Client, type AuthenticateError } from 'aedes';
import { WebSocketServer, createWebSocketStream } from 'ws';
import { digestEquals } from './credentials.js';
import { mayPublish, maySubscribe, type Principal } from './acl.js';
import { FrameGuard } from './frame-guard.js';
import { BROKER_LIMITS } from './limits.js';
import { nodeFromUser, parseTopic, topics, USER_DASHBOARD, USER_JOIN } from '../../shared/mqtt/topics.js';
import { digest } from '../auth/tokens.js';
import type { NodeCredentials } from './credentials.js';

export const WEBSOCKET_PATH = '/mqtt';
/** client id prefixes bound to identities, so no client can take over another's session */
export const nodeClientId = (node: string) => `edgeplane-node-${node}`;
export const JOIN_CLIENT_PREFIX = 'edgeplane-join-';

export interface BrokerAuth {
  joinToken: string;
  dashboardPassword: string;
  nodes: NodeCredentials;
}

export interface BrokerHooks {
  /** a client publish that passed authorization (server publishes never arrive here) */
  onPublish(principal: Principal, client: Client, topic: string, payload: Buffer): void;
  onNodeConnected(node: string, client: Client): void;
  onNodeDisconnected(node: string, client: Client): void;
}

function authError(code: 4 | 5, message: string): AuthenticateError {
  return Object.assign(new Error(message), { returnCode: code }) as AuthenticateError;
}

export class Broker {
  private principals = new WeakMap<Client, Principal>();
  private tcp?: NetServer;
  private wss?: WebSocketServer;
  private detachUpgrade?: () => void;

  private constructor(
    readonly aedes: Aedes,
    private readonly auth: BrokerAuth,
    private readonly hooks: BrokerHooks,
    private readonly log: (m: string) => void,
  ) {}

  static async create(auth: BrokerAuth, hooks: BrokerHooks, log: (m: string) => void): Promise<Broker> {
    let self!: Broker;
    const aedes = await Aedes.createBroker({
      connectTimeout: BROKER_LIMITS.connectTimeoutMs,
      drainTimeout: BROKER_LIMITS.drainTimeoutMs,
      keepaliveLimit: BROKER_LIMITS.keepaliveLimitS,
      maxClientsIdLength: BROKER_LIMITS.maxClientIdLength,
      maxTopicLevels: BROKER_LIMITS.maxTopicLevels,
      queueLimit: BROKER_LIMITS.queueLimit,
      authenticate: (client, username, password, done) => self.authenticate(client, username, password, done),
      authorizePublish: (client, packet, done) => self.authorizePublish(client, packet.topic, Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload), done),
      authorizeSubscribe: (client, sub, done) => self.authorizeSubscribe(client, sub, done),
    });
    self = new Broker(aedes, auth, hooks, log);
    self.wire();
    return self;
  }

  principalOf(client: Client): Principal | undefined {
    return this.principals.get(client);
  }

  private authenticate(
    client: Client,
    username: string | undefined,
    password: Buffer | undefined,
    done: (err: AuthenticateError | null, ok: boolean | null) => void,
  ): void {
    if (!username || !password) return done(authError(5, 'anonymous connections are not allowed'), false);
    const pw = password.toString('utf8');
    let p: Principal | undefined;
    if (username === USER_JOIN) {
      if (digestEquals(pw, digest(this.auth.joinToken).toString('hex')) && client.id.startsWith(JOIN_CLIENT_PREFIX)) {
        p = { kind: 'join', clientId: client.id };
      }
    } else if (username === USER_DASHBOARD) {
      if (digestEquals(pw, digest(this.auth.dashboardPassword).toString('hex')) && !client.id.startsWith('edgeplane-')) p = { kind: 'dashboard' };
    } else {
      const node = nodeFromUser(username);
      if (node && this.auth.nodes.verify(node, pw) && client.id === nodeClientId(node)) p = { kind: 'node', node };
    }
    if (!p) return done(authError(4, 'bad username, password or client id'), false);
    this.principals.set(client, p);
    done(null, true);
  }

  private authorizePublish(client: Client | null, topic: string, payload: Buffer, done: (err?: Error | null) => void): void {
    if (!client) return done(null); // in-process publishes
    const p = this.principals.get(client);
    if (!p || topic.length > BROKER_LIMITS.maxTopicBytes || !mayPublish(p, topic)) {
      return done(new Error(`publish to ${topic.slice(0, 100)} not allowed`)); // aedes disconnects the client
    }
    if (payload.length > BROKER_LIMITS.maxPacketBytes) return done(new Error('payload too large'));
    done(null);
  }

  private authorizeSubscribe(client: Client, sub: { topic: string; qos: number }, done: (err: Error | null, sub?: any) => void): void {
    const p = this.principals.get(client);
    if (!p || sub.topic.length > BROKER_LIMITS.maxTopicBytes || !maySubscribe(p, sub.topic)) {
      // MQTT 3.1.1 SUBACK failure (0x80) rather than an error: the client learns it is refused
      return done(null, null);
    }
    done(null, sub);
  }

  private wire(): void {
    const a = this.aedes;
    a.on('clientReady', (client) => {
      const p = this.principals.get(client);
      if (p?.kind === 'node') this.hooks.onNodeConnected(p.node, client);
    });
    a.on('clientDisconnect', (client) => {
      const p = this.principals.get(client);
      if (p?.kind === 'node') this.hooks.onNodeDisconnected(p.node, client);
    });
    a.on('publish', (packet, client) => {
      if (!client) return;
      const p = this.principals.get(client);
      if (!p) return;
      try {
        this.hooks.onPublish(p, client, packet.topic, packet.payload as Buffer);
      } catch (err) {
        this.log(`mqtt message on ${packet.topic} dropped: ${(err as Error).message}`);
      }
    });
    // client and connection errors are the peer's problem: log quietly, never crash
    a.on('clientError', () => undefined);
    a.on('connectionError', () => undefined);
  }

  /** hand a connection to aedes, with the packet size guard in front of its parser */
  private handle(conn: Duplex | Socket, req?: IncomingMessage): void {
    conn.on('error', () => undefined);
    const client = this.aedes.handle(conn, req) as any;
    const guard = new FrameGuard(BROKER_LIMITS.maxPacketBytes);
    const parser = client._parser;
    const parse = parser.parse.bind(parser);
    // mqtt-packet offers no size limit for 3.1.1; check the fixed headers before it buffers a body
    parser.parse = (buf: Buffer) => {
      if (guard.feed(buf)) return parse(buf);
      this.log(`mqtt client ${client.id ?? '(connecting)'} sent a packet over ${BROKER_LIMITS.maxPacketBytes} bytes: disconnected`);
      conn.destroy();
      return 0;
    };
  }

  async listenTcp(port: number, host: string): Promise<AddressInfo> {
    this.tcp = createServer((socket) => {
      socket.setNoDelay(true);
      this.handle(socket);
    });
    await new Promise<void>((resolve, reject) => {
      this.tcp!.once('error', reject);
      this.tcp!.listen(port, host, () => resolve());
    });
    return this.tcp.address() as AddressInfo;
  }

  /** MQTT over WebSocket on the API server's port at /mqtt */
  attachWebSocket(https: HttpsServer): void {
    this.wss = new WebSocketServer({ noServer: true, maxPayload: BROKER_LIMITS.maxPacketBytes + 8 });
    const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const path = (req.url ?? '').split('?')[0];
      // other paths belong to the API server's own upgrade handler (pods/exec)
      if (path !== WEBSOCKET_PATH) return;
      socket.on('error', () => undefined);
      this.wss!.handleUpgrade(req, socket, head, (ws) => this.handle(createWebSocketStream(ws), req));
    };
    https.on('upgrade', onUpgrade);
    this.detachUpgrade = () => https.off('upgrade', onUpgrade);
  }

  /** in-process publish; bypasses ACLs */
  publish(topic: string, payload: string | Buffer, retain: boolean): Promise<void> {
    return new Promise((resolve, reject) => {
      this.aedes.publish(
        { cmd: 'publish', topic, payload: typeof payload === 'string' ? Buffer.from(payload) : payload, qos: 1, retain, dup: false },
        (err) => (err ? reject(err) : resolve()),
      );
    });
  }

  async close(): Promise<void> {
    this.detachUpgrade?.();
    for (const c of this.wss?.clients ?? []) c.terminate();
    this.wss?.close();
    if (this.tcp) {
      const closed = new Promise<void>((r) => this.tcp!.close(() => r()));
      await new Promise<void>((r) => this.aedes.close(() => r()));
      await closed;
    } else {
      await new Promise<void>((r) => this.aedes.close(() => r()));
    }
  }
}

export { parseTopic, topics };
