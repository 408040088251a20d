// `edgeplane agent`: join (once), then keep an MQTT session with the per-node
// credential, publish node status (every statusIntervalMs and at once when a
// fact changes), and keep the desired set on local disk for edge autonomy.
// The pod runtime (agent/runtime, another issue part) consumes `onDesired`.

import { hostname } from 'node:os';
import { EdgeplaneError } from '../shared/errors.js';
import type { DesiredSet, NodeStatusReport } from '../shared/mqtt/messages.js';
import { joinCluster } from './join.js';
import { ensureDataDir, loadCredential, loadOrCreateNodePassword, saveCredential, type StoredCredential } from './identity.js';
import { DesiredCache } from './desired-cache.js';
import { NodeSession } from './session.js';
import { NodeFactsSource, type FactsSource } from './facts/source.js';
import { buildReport, meaningful } from './status-report.js';

/** how often a known container runtime version is asked again */
export const RUNTIME_VERSION_REFRESH_MS = 5 * 60_000;

export interface AgentOptions {
  /** MQTT broker host:port */
  server: string;
  token?: string;
  nodeName?: string;
  dataDir: string;
  labels?: Record<string, string>;
  /** the node's address other nodes reach (kubelet's --node-ip); default: the default route's interface */
  nodeIP?: string;
  keepaliveS?: number;
  /** longest pause between join attempts while the server cannot be reached (default 30 s) */
  joinRetryMaxMs?: number;
  statusIntervalMs?: number;
  factsIntervalMs?: number;
  /** e.g. containerd's version from the runtime adapter */
  containerRuntimeVersion?: () => Promise<string | undefined>;
  /** called with the desired set: the local copy at start, then each changed set from the server */
  onDesired?: (set: DesiredSet) => void;
  /** called with every new MQTT session (the first, and after a re-join), to attach handlers */
  onSession?: (s: NodeSession) => void;
  factsSource?: FactsSource;
  /** called on every status tick (pod usage metrics ride the same cadence: one wakeup, no timer of their own) */
  onStatusTick?: () => void;
  log?: (m: string) => void;
}

export interface RunningAgent {
  nodeName: string;
  /** this node's pod CIDR, assigned by the server at join (stable across re-joins) */
  podCIDR: string;
  /** the node's InternalIP: --node-ip, else the first address the facts found */
  nodeIP(): Promise<string | undefined>;
  session: NodeSession;
  close(): Promise<void>;
}

export async function startAgent(o: AgentOptions): Promise<RunningAgent> {
  const log = o.log ?? ((m: string) => console.log(`edgeplane-agent: ${m}`));
  const nodeName = (o.nodeName ?? hostname()).toLowerCase();
  const brokerUrl = `mqtt://${o.server}`;
  await ensureDataDir(o.dataDir);

  const cache = new DesiredCache(o.dataDir);
  const local = await cache.load();
  if (local) {
    log(`desired state from disk: ${local.pods.length} pod(s) (revision ${local.revision})`);
    o.onDesired?.(local);
  }

  const join = async (): Promise<StoredCredential> => {
    if (!o.token) throw new EdgeplaneError('NotJoined', `no credential in ${o.dataDir} and no --token to join with`);
    const nodePassword = await loadOrCreateNodePassword(o.dataDir);
    // a server that is not up yet (or a flaky link) is retried with backoff, as a device
    // booting before its server must still join; a refusal (bad token, identity) is final
    let delay = 1000;
    let r: Awaited<ReturnType<typeof joinCluster>>;
    for (;;) {
      try {
        r = await joinCluster({ brokerUrl, token: o.token, nodeName, nodePassword, labels: o.labels });
        break;
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (code !== 'JoinConnectFailed' && code !== 'JoinTimeout') throw err;
        log(`join: ${(err as Error).message}; retrying in ${delay / 1000} s`);
        await new Promise((res) => setTimeout(res, delay));
        delay = Math.min(delay * 2, o.joinRetryMaxMs ?? 30_000);
      }
    }
    const c = { server: o.server, nodeName: r.nodeName, username: r.username, password: r.password, podCIDR: r.podCIDR };
    await saveCredential(o.dataDir, c);
    log(`joined as ${r.nodeName} (pod CIDR ${r.podCIDR})`);
    return c;
  };
  let cred = await loadCredential(o.dataDir);
  if (!cred || cred.server !== o.server || cred.nodeName !== nodeName) cred = await join();

  const facts = o.factsSource ?? new NodeFactsSource({ intervalMs: o.factsIntervalMs });
  let runtimeVersion: string | undefined;
  let lastMeaningful = '';
  let session!: NodeSession;
  const publishStatus = () => {
    const c = facts.latest();
    if (!c || !session.connected) return;
    const r = withNodeIP(buildReport(nodeName, c, runtimeVersion, Date.now()), o.nodeIP);
    lastMeaningful = meaningful(r);
    session.publishStatus(r);
  };
  facts.on('update', (c) => {
    if (meaningful(withNodeIP(buildReport(nodeName, c, runtimeVersion, 0), o.nodeIP)) !== lastMeaningful) publishStatus();
  });
  facts.on('error', (err: Error) => log(`fact collection failed: ${err.message}`));
  let runtimeCheckedAt = 0;
  const refreshRuntime = async () => {
    // containerd's version changes only when containerd is upgraded (restarted):
    // asking every status tick cost a `ctr version` process each 10 s at idle
    if (runtimeVersion !== undefined && Date.now() - runtimeCheckedAt < RUNTIME_VERSION_REFRESH_MS) return;
    runtimeCheckedAt = Date.now();
    try {
      runtimeVersion = (await o.containerRuntimeVersion?.()) ?? runtimeVersion;
    } catch {
      /* runtime not up yet: report without it */
    }
  };
  await refreshRuntime();

  let rejoining = false;
  const connect = (c: StoredCredential) => {
    session = new NodeSession({ brokerUrl, nodeName, username: c.username, password: c.password, keepaliveS: o.keepaliveS });
    o.onSession?.(session);
    session.on('connect', () => {
      log(`connected to ${o.server}`);
      publishStatus();
    });
    session.on('desired', (s) => {
      cache.accept(s).then(
        (changed) => changed && o.onDesired?.(s),
        (err: Error) => log(`cannot save desired state: ${err.message}`),
      );
    });
    session.on('error', (err: Error) => {
      const code = (err as any).code;
      // the credential was refused (server data wiped, node re-joined): join again if we can
      if ((code === 4 || code === 5) && o.token && !rejoining) {
        rejoining = true;
        log('credential refused by the server: joining again');
        void session.close().then(join).then(
          (c2) => {
            cred = c2;
            rejoining = false;
            connect(c2);
          },
          (e: Error) => {
            rejoining = false;
            log(`re-join failed: ${e.message}`);
          },
        );
      } else if (code !== 4 && code !== 5) {
        log(`mqtt: ${err.message}`);
      }
    });
  };
  connect(cred);
  void facts.ready().then(publishStatus, (err: Error) => log(`fact collection failed: ${err.message}`));
  const timer = setInterval(() => {
    void refreshRuntime();
    publishStatus();
    o.onStatusTick?.();
  }, o.statusIntervalMs ?? 10_000);

  return {
    nodeName,
    get podCIDR() {
      return cred!.podCIDR;
    },
    async nodeIP() {
      if (o.nodeIP) return o.nodeIP;
      const c = facts.latest() ?? (await facts.ready().catch(() => undefined));
      return c?.facts.addresses.find((a) => a.type === 'InternalIP')?.address;
    },
    get session() {
      return session;
    },
    async close() {
      clearInterval(timer);
      await session.close();
      await facts.close();
    },
  };
}

/** --node-ip goes first among the InternalIPs (the server takes the first as the node's address) */
function withNodeIP(r: NodeStatusReport, ip: string | undefined): NodeStatusReport {
  if (!ip) return r;
  const rest = r.facts.addresses.filter((a) => !(a.type === 'InternalIP' && a.address === ip));
  return { ...r, facts: { ...r.facts, addresses: [{ type: 'InternalIP', address: ip }, ...rest] } };
}
