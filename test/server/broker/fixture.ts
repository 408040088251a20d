// An in-process server (store + API + broker) on a temp data dir, and small
// helpers for MQTT tests with real mqtt.js clients.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { startServer, type RunningServer, type ServerOptions } from '../../../server/main.js';
import { mqttConnected } from '../../helpers/hollow-agent.js';
import { KINDS } from '../../../shared/api/kinds.js';

export const NODE = KINDS.find((k) => k.kind === 'Node')!;
export const POD = KINDS.find((k) => k.kind === 'Pod')!;
export const SECRET = KINDS.find((k) => k.kind === 'Secret')!;
export const CONFIGMAP = KINDS.find((k) => k.kind === 'ConfigMap')!;

export interface Fixture {
  server: RunningServer;
  dataDir: string;
  joinToken: string;
  dashboardPassword: string;
  mqttPort: number;
  logs: string[];
  /** stop the server (keeps the data dir) */
  stop(): Promise<void>;
  /** stop and remove the data dir */
  dispose(): Promise<void>;
}

export async function startFixture(dataDir?: string, opts: Partial<ServerOptions> = {}): Promise<Fixture> {
  const dir = dataDir ?? (await mkdtemp(join(tmpdir(), 'edgeplane-broker-')));
  const logs: string[] = [];
  const server = await startServer({ dataDir: dir, bindAddress: '127.0.0.1', httpPort: 0, mqttPort: 0, log: (m) => logs.push(m), ...opts });
  const joinToken = (await readFile(join(dir, 'join-token'), 'utf8')).trim();
  const dashboardPassword = /^password=(\S+)$/m.exec(await readFile(join(dir, 'dashboard-credentials'), 'utf8'))![1];
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await server.close();
  };
  return {
    server,
    dataDir: dir,
    joinToken,
    dashboardPassword,
    mqttPort: server.mqttPort,
    logs,
    stop,
    async dispose() {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** connect a raw mqtt.js client; rejects with the CONNACK error */
export async function connectClient(port: number, opts: IClientOptions): Promise<MqttClient> {
  const c = mqtt.connect(`mqtt://127.0.0.1:${port}`, { protocolVersion: 4, reconnectPeriod: 0, connectTimeout: 5000, ...opts });
  try {
    await mqttConnected(c);
  } catch (err) {
    c.end(true);
    throw err;
  }
  c.on('error', () => undefined);
  return c;
}

/** resolves when the client's connection closes */
export function closed(c: MqttClient, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!c.connected && (c as any).disconnected) return resolve();
    const t = setTimeout(() => reject(new Error('client was not disconnected')), timeoutMs);
    c.once('close', () => {
      clearTimeout(t);
      resolve();
    });
  });
}

/** poll until fn returns a truthy value */
export async function waitFor<T>(fn: () => Promise<T> | T, what: string, timeoutMs = 10_000, everyMs = 20): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function condition(node: any, type: string): string | undefined {
  return node?.status?.conditions?.find((c: any) => c.type === type)?.status;
}

/** true when the broker refused the subscription (SUBACK 0x80; mqtt.js reports it as an error) */
export async function subscribeRefused(c: MqttClient, topic: string): Promise<boolean> {
  try {
    const granted = await c.subscribeAsync(topic, { qos: 1 });
    return granted.every((g) => g.qos === 128);
  } catch (err) {
    return /Subscribe error/.test((err as Error).message) || (err as any).packet?.granted?.includes?.(128);
  }
}
