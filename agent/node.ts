// `edgeplane agent` as a whole: the MQTT session (agent.ts) plus the pod side —
// the container runtime adapter, the CNI pod network on this node's pod CIDR,
// the pod worker, pod status and events back to the server, and logs/exec.
// Desired state from disk is applied as soon as the worker is up, before (or
// without) any server connection: edge autonomy.

import { join } from 'node:path';
import { startAgent, type AgentOptions, type RunningAgent } from './agent.js';
import { PodStatusRelay, workerInput } from './pod-sync.js';
import { PodWorker, type PodWorkerOptions } from './pods/worker.js';
import type { PodEvent } from './pods/events.js';
import { selectRuntime } from './runtime/select.js';
import type { ContainerRuntime, RuntimeOptions } from './runtime/types.js';
import { CniNetwork } from './network/cni.js';
import { podNetworkConfig } from './network/cni-config.js';
import { RpcHandler } from './rpc-handler.js';
import type { NodeSession } from './session.js';
import { ServicesSync } from './services-sync.js';
import { ServiceRouting } from './proxy/routing.js';
import { DnsServer } from './dns/server.js';
import { PodUsageSampler } from './metrics/pod-usage.js';
import { DEFAULT_CLUSTER_DNS, DEFAULT_CLUSTER_DOMAIN } from '../shared/mqtt/cluster-services.js';

/** the pod bridge's gateway: the first host of the node's pod CIDR, where the node-local DNS listens */
export function gatewayIP(podCIDR: string): string {
  const [base] = podCIDR.split('/');
  const o = base!.split('.').map(Number);
  o[3] = (o[3] ?? 0) + 1;
  return o.join('.');
}
import type { DesiredSet } from '../shared/mqtt/messages.js';
import type { PodEventReport } from '../shared/mqtt/rpc.js';

export interface NodeOptions extends Omit<AgentOptions, 'onDesired' | 'containerRuntimeVersion'> {
  /** 'auto' (nerdctl when on PATH, else ctr), 'ctr' or 'nerdctl' */
  runtime?: 'auto' | 'ctr' | 'nerdctl';
  containerd?: Pick<RuntimeOptions, 'address' | 'namespace'>;
  /** CNI plugin directory (Debian: /usr/lib/cni) */
  cniBinDir?: string;
  /** pod bridge name (default ep0) */
  bridge?: string;
  /** tests: shorter relist, backoffs */
  worker?: Pick<PodWorkerOptions, 'resyncMs' | 'restartBackoff' | 'pullBackoff' | 'failureRetryMs'>;
  /** an already built runtime (tests) */
  containerRuntime?: ContainerRuntime;
  /** program nftables service rules and host-gw routes (default true) */
  serviceRouting?: boolean;
  /** serve cluster DNS on the pod gateway address, port 53 (default true) */
  dns?: boolean;
  /** the node's resolv.conf: upstream resolvers and dnsPolicy Default (default /etc/resolv.conf) */
  resolvConf?: string;
}

export interface RunningNode {
  agent: RunningAgent;
  worker: PodWorker;
  runtime: ContainerRuntime;
  close(): Promise<void>;
}

const EVENT_FLUSH_MS = 200;

export async function runNode(o: NodeOptions): Promise<RunningNode> {
  const log = o.log ?? ((m: string) => console.log(`edgeplane-agent: ${m}`));
  const rt =
    o.containerRuntime ??
    (await selectRuntime(
      { address: o.containerd?.address, namespace: o.containerd?.namespace, stateDir: join(o.dataDir, 'containers') },
      o.runtime === 'auto' ? undefined : o.runtime,
    ));
  const relay = new PodStatusRelay();
  let worker: PodWorker | undefined;
  let latest: DesiredSet | undefined;
  const apply = (s: DesiredSet) => {
    latest = s;
    if (!worker) return; // applied once the worker is up
    const { pods, refs } = workerInput(s);
    relay.desired(pods);
    worker.setDesired(pods, refs);
  };
  let current: NodeSession | undefined;
  const consumers: Array<(cs: import('../shared/mqtt/cluster-services.js').ClusterServices) => Promise<unknown> | void> = [];
  const services = new ServicesSync(o.dataDir, consumers, log);
  const rpc = new RpcHandler(rt, (replyTo, r) => current?.publishRpcReply(replyTo, r), log);
  const onSession = (session: NodeSession) => {
    current = session;
    relay.attach((namespace, pod, r) => session.publishPodStatus(namespace, pod, r));
    // level-triggered: a (re)connected server gets every pod's latest status
    session.on('connect', () => relay.flush());
    session.on('rpc', (r) => rpc.handle(r));
    session.on('services', (v) => void services.accept(v));
  };
  // pod usage (kubectl top pods): sampled on the status tick from the worker's last relist
  const sampler = new PodUsageSampler();
  let sampling = false;
  let lastEmpty = true;
  const onStatusTick = () => {
    if (!worker || sampling) return;
    sampling = true;
    void sampler
      .sample(worker.runningContainers())
      .then((r) => {
        // an idle node stays quiet: one empty report clears the server's view, then nothing
        if (r.pods.length === 0 && lastEmpty) return;
        lastEmpty = r.pods.length === 0;
        current?.publishPodMetrics(r);
      })
      .catch((e: Error) => log(`pod metrics: ${e.message}`))
      .finally(() => (sampling = false));
  };
  const agent = await startAgent({ ...o, log, onDesired: apply, onSession, onStatusTick, containerRuntimeVersion: () => rt.version() });
  log(`container runtime: ${rt.name}`);

  let events: PodEventReport[] = [];
  let eventTimer: NodeJS.Timeout | undefined;
  const onEvent = (e: PodEvent) => {
    events.push({ pod: e.pod, type: e.type, reason: e.reason, message: e.message, ...(e.container ? { container: e.container } : {}) });
    eventTimer ??= setTimeout(() => {
      eventTimer = undefined;
      const batch = events;
      events = [];
      agent.session.publishPodEvents(batch);
    }, EVENT_FLUSH_MS);
  };

  const network = new CniNetwork({
    network: podNetworkConfig({ podCidr: agent.podCIDR, ipamDataDir: join(o.dataDir, 'ipam'), bridge: o.bridge }),
    cacheDir: join(o.dataDir, 'cni'),
    binDir: o.cniBinDir,
  });
  worker = new PodWorker({
    runtime: rt,
    network,
    dataDir: join(o.dataDir, 'pods'),
    nodeName: agent.nodeName,
    hostIP: await agent.nodeIP(),
    onStatus: (key, s) => relay.status(key, s),
    onEvent,
    dns: {
      clusterDNS: () => services.current?.clusterDNS ?? DEFAULT_CLUSTER_DNS,
      clusterDomain: () => services.current?.clusterDomain ?? DEFAULT_CLUSTER_DOMAIN,
      resolvConfPath: o.resolvConf,
    },
    ...o.worker,
  });
  await worker.start();
  if (latest) apply(latest);

  let routing: ServiceRouting | undefined;
  if (o.serviceRouting !== false) {
    const nodeIP = await agent.nodeIP();
    routing = new ServiceRouting({ node: { name: agent.nodeName, ips: nodeIP ? [nodeIP] : [], podCIDR: agent.podCIDR, bridge: o.bridge } });
    consumers.push(async (cs) => {
      const r = await routing!.apply(cs);
      // e.g. the service CIDR route before the first pod created the bridge: ServicesSync retries in a few seconds
      if (r.routes.errors.length > 0) throw new Error(`routes: ${r.routes.errors.map((e) => e.message).join('; ')}`);
    });
    routing.start();
  }
  let dns: DnsServer | undefined;
  if (o.dns !== false) {
    dns = new DnsServer({ resolvConfPath: o.resolvConf, log });
    consumers.push((cs) => dns!.update(cs));
    // the gateway address appears with the bridge, i.e. with the first pod: start() retries until then
    dns.start({ address: gatewayIP(agent.podCIDR), port: 53 });
  }
  await services.load();

  return {
    agent,
    worker,
    runtime: rt,
    async close() {
      if (eventTimer) clearTimeout(eventTimer);
      rpc.close();
      services.close();
      routing?.stop();
      await dns?.close();
      // pods keep running: a stopped agent is not a deleted node (edge autonomy)
      await worker!.stop();
      await agent.close();
    },
  };
}
