// The agent's MQTT session with its per-node credential: last will `offline`
// (retained), `online` (retained) on every connect, subscriptions to its
// desired set and the cluster service data. mqtt.js reconnects on its own; the
// broker's retained messages give the agent its full desired state on each
// (re)connect.

import mqtt, { type MqttClient } from 'mqtt';
import { EventEmitter } from 'node:events';
import { topics } from '../shared/mqtt/topics.js';
import { parseDesiredSet, parseJson, type DesiredSet, type NodeStatusReport, type PodStatusReport } from '../shared/mqtt/messages.js';
import type { PodMetricsReport } from '../shared/mqtt/pod-metrics.js';
import { parseRpcRequest, type PodEventReport, type RpcReply, type RpcRequest } from '../shared/mqtt/rpc.js';

export const NODE_CLIENT_PREFIX = 'edgeplane-node-';

export interface SessionOptions {
  brokerUrl: string;
  nodeName: string;
  username: string;
  password: string;
  /** seconds; the broker drops a silent agent after 1.5× this */
  keepaliveS?: number;
  reconnectMs?: number;
}

export interface NodeSession extends EventEmitter {
  on(e: 'desired', l: (s: DesiredSet) => void): this;
  on(e: 'services', l: (v: unknown) => void): this;
  on(e: 'rpc', l: (r: RpcRequest) => void): this;
  on(e: 'connect', l: () => void): this;
  on(e: 'offline', l: () => void): this;
  on(e: 'error', l: (err: Error) => void): this;
}

export class NodeSession extends EventEmitter {
  readonly client: MqttClient;

  constructor(private readonly o: SessionOptions) {
    super();
    const online = topics.online(o.nodeName);
    this.client = mqtt.connect(o.brokerUrl, {
      clientId: `${NODE_CLIENT_PREFIX}${o.nodeName}`,
      username: o.username,
      password: o.password,
      protocolVersion: 4,
      // a persistent session is not needed: desired state is retained
      clean: true,
      keepalive: o.keepaliveS ?? 5,
      reconnectPeriod: o.reconnectMs ?? 1000,
      connectTimeout: 10_000,
      will: { topic: online, payload: Buffer.from('offline'), qos: 1, retain: true },
    });
    this.client.on('connect', () => {
      this.client.publish(online, 'online', { qos: 1, retain: true });
      this.client.subscribe([topics.desired(o.nodeName), topics.services, topics.rpcRequest(o.nodeName)], { qos: 1 });
      this.emit('connect');
    });
    this.client.on('offline', () => this.emit('offline'));
    this.client.on('error', (err) => this.emit('error', err));
    this.client.on('message', (topic, payload) => {
      // malformed payloads are dropped: the server is authoritative and will resend
      if (topic === topics.desired(o.nodeName)) {
        const s = parseDesiredSet(payload);
        if (s && s.nodeName === o.nodeName) this.emit('desired', s);
      } else if (topic === topics.services) {
        const v = parseJson(payload);
        if (v !== undefined) this.emit('services', v);
      } else if (topic === topics.rpcRequest(o.nodeName)) {
        const r = parseRpcRequest(payload);
        // a reply may only go back into our own subtree (the ACL would drop us otherwise)
        if (r && (r.method === 'cancel' || r.replyTo === topics.rpcReply(o.nodeName, r.correlationId))) this.emit('rpc', r);
      }
    });
  }

  get connected(): boolean {
    return this.client.connected;
  }

  publishStatus(r: NodeStatusReport): void {
    if (this.client.connected) this.client.publish(topics.status(this.o.nodeName), JSON.stringify(r), { qos: 1, retain: true });
  }

  publishPodStatus(namespace: string, pod: string, r: PodStatusReport): void {
    if (this.client.connected) this.client.publish(topics.podStatus(this.o.nodeName, namespace, pod), JSON.stringify(r), { qos: 1 });
  }

  publishRpcReply(replyTo: string, r: RpcReply): void {
    if (this.client.connected) this.client.publish(replyTo, JSON.stringify(r), { qos: 1 });
  }

  /** pod events are best effort (as kubelet's): lost while disconnected */
  /** QoS 0, not retained: a lost sample is replaced by the next tick's */
  publishPodMetrics(r: PodMetricsReport): void {
    if (this.client.connected) this.client.publish(topics.podMetrics(this.o.nodeName), JSON.stringify(r), { qos: 0 });
  }

  publishPodEvents(events: PodEventReport[]): void {
    if (this.client.connected && events.length) this.client.publish(topics.podEvents(this.o.nodeName), JSON.stringify(events), { qos: 1 });
  }

  /** clean shutdown: say `offline` ourselves (a clean DISCONNECT suppresses the will) */
  async close(): Promise<void> {
    if (this.client.connected) {
      await new Promise<void>((r) => this.client.publish(topics.online(this.o.nodeName), 'offline', { qos: 1, retain: true }, () => r()));
    }
    await new Promise<void>((r) => this.client.end(false, {}, () => r()));
  }
}
