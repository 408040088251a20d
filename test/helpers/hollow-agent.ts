// A simulated node over real MQTT ("hollow" agent, as Kubernetes' hollow
// kubelet): joins with the join token, reports node status and pod status on
// demand, and can leave cleanly or die silently. Its connection runs through a
// loopback relay so that a silent death is real: the broker's socket stays
// open and simply goes quiet (power loss), and only MQTT keepalive can notice.

import { createServer, connect as netConnect, type Server, type Socket } from 'node:net';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import { joinCluster, type JoinResult } from '../../agent/join.js';
import { topics } from '../../shared/mqtt/topics.js';
import { parseDesiredSet, type DesiredSet, type NodeFacts, type NodeStatusReport } from '../../shared/mqtt/messages.js';
import type { KubeObject } from '../../shared/api/object.js';
import type { PodMetricsReport } from '../../shared/mqtt/pod-metrics.js';

/** TCP relay client ⇄ broker whose forwarding can be frozen without closing anything */
class Relay {
  private server: Server;
  private pairs: Array<[Socket, Socket]> = [];
  frozen = false;
  port = 0;

  constructor(private target: { host: string; port: number }) {
    this.server = createServer((down) => {
      const up = netConnect(this.target.port, this.target.host);
      this.pairs.push([down, up]);
      down.on('error', () => undefined);
      up.on('error', () => undefined);
      down.on('data', (d) => !this.frozen && up.write(d));
      up.on('data', (d) => !this.frozen && down.write(d));
      down.on('close', () => !this.frozen && up.destroy());
      up.on('close', () => !this.frozen && down.destroy());
    });
  }

  async listen(): Promise<number> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.port = (this.server.address() as { port: number }).port;
    return this.port;
  }

  /** later connections go to another broker port (a restarted server) */
  retarget(port: number): void {
    this.target = { ...this.target, port };
    this.frozen = false;
  }

  /** stop forwarding in both directions; the broker-side socket stays open */
  freeze(): void {
    this.frozen = true;
  }

  close(): void {
    this.closeConnections();
    this.server.close();
  }

  closeConnections(): void {
    for (const [a, b] of this.pairs.splice(0)) {
      a.destroy();
      b.destroy();
    }
  }
}

export interface HollowAgentOptions {
  mqttPort: number;
  host?: string;
  token: string;
  nodeName: string;
  /** machine identity; a fresh random one by default */
  nodePassword?: string;
  labels?: Record<string, string>;
  /** seconds (agents use 5) */
  keepaliveS?: number;
  facts?: Partial<NodeFacts>;
}

export function defaultFacts(nodeName: string): NodeFacts {
  return {
    hostname: nodeName,
    architecture: 'arm64',
    operatingSystem: 'linux',
    osImage: 'Debian GNU/Linux 12 (bookworm)',
    kernelVersion: '6.6.31+rpt-rpi-v8',
    boardModel: 'Raspberry Pi 4 Model B Rev 1.4',
    machineID: randomBytes(16).toString('hex'),
    cpuCount: 4,
    memoryBytes: 4 * 1024 ** 3,
    diskBytes: 32 * 1024 ** 3,
    containerRuntimeVersion: 'containerd://1.6.20',
    addresses: [
      { type: 'InternalIP', address: '127.0.0.1' },
      { type: 'Hostname', address: nodeName },
    ],
  };
}

export class HollowAgent {
  desired?: DesiredSet;
  private desiredWaiters: Array<() => void> = [];
  facts: NodeFacts;

  private constructor(
    readonly nodeName: string,
    readonly credential: JoinResult,
    public client: MqttClient,
    private readonly relay: Relay,
    private readonly keepaliveS: number,
  ) {
    this.facts = defaultFacts(nodeName);
    this.listen(client);
  }

  private listen(client: MqttClient): void {
    client.on('message', (topic, payload) => {
      if (topic !== topics.desired(this.nodeName)) return;
      const s = parseDesiredSet(payload);
      if (!s) return;
      this.desired = s;
      for (const w of this.desiredWaiters.splice(0)) w();
    });
  }

  private static async session(nodeName: string, cred: JoinResult, relayPort: number, keepaliveS: number): Promise<MqttClient> {
    const client = mqtt.connect(`mqtt://127.0.0.1:${relayPort}`, {
      clientId: `edgeplane-node-${nodeName}`,
      username: cred.username,
      password: cred.password,
      protocolVersion: 4,
      keepalive: keepaliveS,
      reconnectPeriod: 0,
      will: { topic: topics.online(nodeName), payload: Buffer.from('offline'), qos: 1, retain: true },
    });
    await mqttConnected(client);
    client.on('error', () => undefined);
    return client;
  }

  private async announce(): Promise<void> {
    await this.client.publishAsync(topics.online(this.nodeName), 'online', { qos: 1, retain: true });
    await this.client.subscribeAsync(topics.desired(this.nodeName), { qos: 1 });
  }

  /** drop the session and connect again with the stored credential (agent restart); the retained set arrives anew */
  async reconnect(relayTo?: number): Promise<void> {
    this.client.end(true);
    this.desired = undefined;
    if (relayTo !== undefined) this.relay.retarget(relayTo);
    this.client = await HollowAgent.session(this.nodeName, this.credential, this.relay.port, this.keepaliveS);
    this.listen(this.client);
    await this.announce();
  }

  /** join with the token, then connect with the issued credential */
  static async start(o: HollowAgentOptions): Promise<HollowAgent> {
    const host = o.host ?? '127.0.0.1';
    const cred = await joinCluster({
      brokerUrl: `mqtt://${host}:${o.mqttPort}`,
      token: o.token,
      nodeName: o.nodeName,
      nodePassword: o.nodePassword ?? randomBytes(24).toString('hex'),
      labels: o.labels,
    });
    const relay = new Relay({ host, port: o.mqttPort });
    const port = await relay.listen();
    const keepaliveS = o.keepaliveS ?? 5;
    const client = await HollowAgent.session(o.nodeName, cred, port, keepaliveS);
    const agent = new HollowAgent(o.nodeName, cred, client, relay, keepaliveS);
    Object.assign(agent.facts, o.facts ?? {});
    await agent.announce();
    return agent;
  }

  report(over: Partial<Omit<NodeStatusReport, 'facts'>> = {}): NodeStatusReport {
    return {
      nodeName: this.nodeName,
      timestamp: Date.now(),
      facts: this.facts,
      metrics: { load1: Math.random(), cpuTemperatureC: 40 + Math.random() * 10, memoryAvailableBytes: 2 * 1024 ** 3, diskAvailableBytes: 20 * 1024 ** 3 },
      memoryPressure: false,
      diskPressure: false,
      ...over,
    };
  }

  async reportStatus(over: Partial<Omit<NodeStatusReport, 'facts'>> = {}): Promise<void> {
    await this.client.publishAsync(topics.status(this.nodeName), JSON.stringify(this.report(over)), { qos: 1, retain: true });
  }

  /** publish Running/Ready (or another phase) for one pod; `podIP` defaults to 10.42.0.10 (tests that need distinct endpoints pass one) */
  async reportPod(pod: KubeObject, phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed' = 'Running', ready = phase === 'Running', podIP = '10.42.0.10'): Promise<void> {
    const now = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString().replace('.000', '');
    const containers = ((pod as any).spec?.containers ?? []) as Array<{ name: string; image: string }>;
    const status = {
      phase,
      hostIP: '127.0.0.1',
      podIP: phase === 'Running' ? podIP : undefined,
      startTime: now,
      conditions: [
        { type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: now },
        { type: 'ContainersReady', status: ready ? 'True' : 'False', lastTransitionTime: now },
      ],
      containerStatuses: containers.map((c) => ({
        name: c.name,
        image: c.image,
        imageID: '',
        ready,
        restartCount: 0,
        started: phase === 'Running',
        state: phase === 'Running' ? { running: { startedAt: now } } : { waiting: { reason: 'ContainerCreating' } },
      })),
    };
    if (status.podIP === undefined) delete status.podIP;
    const topic = topics.podStatus(this.nodeName, pod.metadata.namespace!, pod.metadata.name!);
    await this.client.publishAsync(topic, JSON.stringify({ uid: pod.metadata.uid, status }), { qos: 1 });
  }

  /** publish a pod usage snapshot (what the agent sends every status tick) */
  async reportPodMetrics(report: PodMetricsReport): Promise<void> {
    await this.client.publishAsync(topics.podMetrics(this.nodeName), JSON.stringify(report), { qos: 1 });
  }

  /** report every pod of the current desired set Running and Ready */
  async reportAllRunning(): Promise<void> {
    for (const p of this.desired?.pods ?? []) await this.reportPod(p);
  }

  /** resolves with the desired set once `pred` holds (10 s by default) */
  async waitDesired(pred: (s: DesiredSet) => boolean = () => true, timeoutMs = 10_000): Promise<DesiredSet> {
    const deadline = Date.now() + timeoutMs;
    while (!this.desired || !pred(this.desired)) {
      if (Date.now() > deadline) throw new Error(`${this.nodeName}: desired set not as expected: ${JSON.stringify(this.desired)?.slice(0, 500)}`);
      await new Promise<void>((r) => {
        this.desiredWaiters.push(r);
        setTimeout(r, 200);
      });
    }
    return this.desired;
  }

  /** clean shutdown: `offline` then DISCONNECT (what the real agent does) */
  async disconnect(): Promise<void> {
    await this.client.publishAsync(topics.online(this.nodeName), 'offline', { qos: 1, retain: true });
    await this.client.endAsync();
    this.relay.close();
  }

  /** the connection goes quiet without FIN or DISCONNECT: only keepalive can tell */
  dieSilently(): void {
    this.relay.freeze();
    this.client.end(true);
  }

  /** drop the TCP connection without DISCONNECT (process crash: the kernel sends FIN) */
  crash(): void {
    this.relay.closeConnections();
    this.client.end(true);
  }

  /** release the relay (after dieSilently) */
  dispose(): void {
    this.client.end(true);
    this.relay.close();
  }
}

/** resolves on CONNACK success, rejects with the connection error (e.g. code 4/5) */
export function mqttConnected(client: MqttClient): Promise<void> {
  return new Promise((resolve, reject) => {
    const onErr = (err: Error) => {
      client.off('connect', onOk);
      reject(err);
    };
    const onOk = () => {
      client.off('error', onErr);
      resolve();
    };
    client.once('connect', onOk);
    client.once('error', onErr);
  });
}

/** broker facts of a server process started by test/helpers/server.ts */
export function mqttPortFromOutput(output: string): number {
  const m = /mqtt listening on [^:]+:(\d+)/.exec(output);
  if (!m) throw new Error(`no mqtt port in server output:\n${output}`);
  return Number(m[1]);
}
