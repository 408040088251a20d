// A whole cluster on real components for end-to-end tests: an `edgeplane
// server` process on a test LAN (TEST-NET-2, no route out) and one
// `edgeplane agent` process per node, each in its own network namespace and
// containerd namespace, running pods on real containerd with CNI, nftables and
// the node-local DNS. Extra LAN hosts without an agent act as outside clients.
// destroy() releases everything the cluster made, also after a failure.

import assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { api, EDGECTL_BIN, eventually, startServer, tempDir, type ServerHandle } from './server.js';
import { createLan, type Lan, type LanNode } from './lan.js';
import { startAgentProcess, type AgentProcess } from './agent-process.js';
import { importTestImage, removeContainerdNamespace, TEST_IMAGE } from './image.js';
import { randomSuffix } from './netns.js';
import { sandboxName } from '../../agent/pods/labels.js';
import { freePort } from './port.js';

export const PODS = '/api/v1/namespaces/default/pods';

export interface E2eNode {
  node: LanNode;
  /** the agent's containerd namespace */
  ns: string;
  dir: string;
  agent?: AgentProcess;
}

export class E2eCluster {
  server!: ServerHandle;
  token = '';
  readonly nodes: Record<string, E2eNode> = {};
  /** LAN hosts without an agent (outside clients) */
  readonly clients: LanNode[] = [];
  /** uids of pods created through createPod (their sandbox netns are removed on destroy) */
  readonly uids: string[] = [];
  private serverDir = '';
  private httpPort = 0;
  private mqttPort = 0;

  private constructor(readonly lan: Lan) {}

  /** Starts the LAN, the server and an agent per node name; `clients` extra LAN hosts. */
  static async start(nodeNames: string[], opts: { clients?: number; agentArgs?: string[] } = {}): Promise<E2eCluster> {
    const c = new E2eCluster(await createLan());
    try {
      const id = randomSuffix();
      c.serverDir = await tempDir('ep-e2e-server-');
      c.httpPort = await freePort(c.lan.gateway);
      c.mqttPort = await freePort(c.lan.gateway);
      for (const [i, name] of nodeNames.entries()) {
        const ns = `edgeplane-e2e-${id}-${i}`;
        c.nodes[name] = { node: await c.lan.addNode(i + 1), ns, dir: await tempDir(`ep-e2e-${name}-`) };
        await importTestImage(ns);
      }
      for (let i = 0; i < (opts.clients ?? 0); i++) c.clients.push(await c.lan.addNode(nodeNames.length + 1 + i));
      await c.startServer();
      c.token = (await readFile(join(c.serverDir, 'join-token'), 'utf8')).trim();
      for (const name of nodeNames) c.startAgent(name, opts.agentArgs);
      return c;
    } catch (e) {
      await c.destroy();
      throw e;
    }
  }

  async startServer(): Promise<void> {
    this.server = await startServer({
      dataDir: this.serverDir,
      extraArgs: ['--bind-address', this.lan.gateway, '--http-port', String(this.httpPort), '--mqtt-port', String(this.mqttPort)],
    });
  }

  startAgent(name: string, extraArgs?: string[]): AgentProcess {
    const n = this.nodes[name]!;
    n.agent = startAgentProcess({
      node: n.node,
      nodeName: name,
      server: `${this.lan.gateway}:${this.mqttPort}`,
      token: this.token,
      dataDir: n.dir,
      containerdNamespace: n.ns,
      extraArgs,
    });
    return n.agent;
  }

  async destroy(): Promise<void> {
    for (const n of Object.values(this.nodes)) await n.agent?.kill();
    await this.server?.dispose();
    for (const n of Object.values(this.nodes)) {
      await removeContainerdNamespace(n.ns);
      await rm(n.dir, { recursive: true, force: true });
    }
    for (const uid of this.uids) await execa('ip', ['netns', 'delete', sandboxName(uid)], { reject: false });
    await this.lan.destroy();
    if (this.serverDir) await rm(this.serverDir, { recursive: true, force: true });
  }

  edgectl(...args: string[]) {
    return execa(process.execPath, [EDGECTL_BIN, '--kubeconfig', this.server.kubeconfig, ...args], { reject: false, stdin: 'ignore', timeout: 60_000 });
  }

  ctr(ns: string, ...args: string[]) {
    return execa('ctr', ['-n', ns, ...args], { reject: false, stdin: 'ignore' });
  }

  async runningTasks(ns: string): Promise<string[]> {
    return (await this.ctr(ns, 'tasks', 'ls')).stdout.split('\n').slice(1).filter((l) => /RUNNING/.test(l));
  }

  async getPod(name: string) {
    return (await api(this.server, 'GET', `${PODS}/${name}`)).body;
  }

  async nodeReady(node: string): Promise<string | undefined> {
    return (await api(this.server, 'GET', `/api/v1/nodes/${node}`)).body?.status?.conditions?.find((c: any) => c.type === 'Ready')?.status;
  }

  async allNodesReady(timeoutMs = 60_000): Promise<void> {
    try {
      await eventually(async () => {
        for (const name of Object.keys(this.nodes)) if ((await this.nodeReady(name)) !== 'True') return false;
        return true;
      }, 'nodes Ready', timeoutMs);
    } catch (e) {
      for (const n of Object.values(this.nodes)) console.error(n.agent?.output());
      throw e;
    }
  }

  /** a bare pod bound to `node` running the test image */
  async createPod(name: string, node: string, container: Record<string, unknown>, extra: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}) {
    const r = await api(this.server, 'POST', PODS, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, ...metadata },
      spec: { nodeName: node, terminationGracePeriodSeconds: 1, containers: [{ name: 'main', image: TEST_IMAGE, imagePullPolicy: 'IfNotPresent', ...container }], ...extra },
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    this.uids.push(r.body.metadata.uid);
    return r.body;
  }

  /** waits for the pod to run (all containers running, and ready when `ready`), with diagnostics on timeout */
  async running(name: string, timeoutMs = 30_000, ready = false): Promise<any> {
    try {
      await eventually(async () => {
        const p = await this.getPod(name);
        return p?.status?.phase === 'Running' && p.status.containerStatuses?.every((c: any) => c.state?.running && (!ready || c.ready));
      }, `pod ${name} ${ready ? 'Ready' : 'Running'}`, timeoutMs);
      return await this.getPod(name);
    } catch (e) {
      const p = await this.getPod(name);
      const agent = this.nodes[p?.spec?.nodeName]?.agent;
      const ev = (await api(this.server, 'GET', `/api/v1/namespaces/default/events?fieldSelector=involvedObject.name=${name}`)).body.items ?? [];
      const events = ev.map((x: any) => `${x.reason}: ${x.message}`).join('\n');
      throw new Error(`${(e as Error).message}: status ${JSON.stringify(p?.status)}\nevents:\n${events}\nagent:\n${agent?.output().slice(-3000)}`);
    }
  }
}
