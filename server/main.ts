// `edgeplane server`: the store, the API, and (later) the broker, scheduler
// and controllers in one process.

import { mkdir } from 'node:fs/promises';
import { openJsonStore } from './store/index.js';
import { Registry } from './registry/registry.js';
import { ApiServer } from './api/server.js';
import { loadOrCreateCredentials } from './auth/credentials.js';
import { ensureSystemNamespaces } from './bootstrap.js';
import { defaultSans, loadOrCreateTls } from './tls/certs.js';
import { startControllers, type Controllers } from './controllers/index.js';
import { setDefaultTolerationSeconds } from '../shared/api/defaults/pod.js';
import type { Store } from './store/types.js';
import { startBrokerBridge, type BrokerBridge } from './broker/index.js';
import { NodeMetricsCache } from './metrics/node-metrics.js';
import { PodMetricsCache } from './metrics/pod-metrics.js';

export interface ServerOptions {
  dataDir: string;
  bindAddress: string;
  httpPort: number;
  mqttPort: number;
  /** extra names/IPs for the serving certificate */
  tlsSans?: string[];
  /** kube-controller-manager's --controllers: `*`, `name`, `-name` (default: all) */
  controllers?: string[];
  log?: (msg: string) => void;
  /** let the scheduler read image platforms (os/arch) from registries (off unless asked) */
  imagePlatformLookup?: boolean;
  /** DefaultTolerationSeconds admission (kube-apiserver --default-not-ready-toleration-seconds; 300) */
  defaultNotReadyTolerationSeconds?: number;
  /** kube-apiserver --default-unreachable-toleration-seconds (300) */
  defaultUnreachableTolerationSeconds?: number;
}

export interface RunningServer {
  url: string;
  store: Store;
  registry: Registry;
  /** the MQTT broker bridge (TCP port in `mqttPort`, WebSocket at `${url}/mqtt`) */
  broker: BrokerBridge;
  mqttPort: number;
  controllers: Controllers;
  close(): Promise<void>;
}

function clientHost(bindAddress: string): string {
  if (bindAddress === '0.0.0.0' || bindAddress === '::' || bindAddress === '') return '127.0.0.1';
  return bindAddress.includes(':') ? `[${bindAddress}]` : bindAddress;
}

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const log = opts.log ?? ((m: string) => console.log(`edgeplane: ${m}`));
  setDefaultTolerationSeconds(opts.defaultNotReadyTolerationSeconds, opts.defaultUnreachableTolerationSeconds);
  await mkdir(opts.dataDir, { recursive: true, mode: 0o700 });
  const store = await openJsonStore({ dataDir: opts.dataDir });
  const registry = new Registry(store);
  let open = true;
  try {
    await ensureSystemNamespaces(registry);
    const tls = await loadOrCreateTls(opts.dataDir, defaultSans(opts.bindAddress, opts.tlsSans));
    // bind first so that port 0 resolves, then write the kubeconfig that names it
    let broker: BrokerBridge | undefined;
    const nodeMetrics = new NodeMetricsCache();
    const podMetrics = new PodMetricsCache();
    const api = new ApiServer({
      registry,
      nodeMetrics,
      podMetrics,
      log,
      ready: () => open,
      tls,
      nodeRpc: () => broker?.rpc,
    });
    const addr = await api.listen(opts.httpPort, opts.bindAddress);
    const url = `https://${clientHost(opts.bindAddress)}:${addr.port}`;
    api.auth = await loadOrCreateCredentials(opts.dataDir, url, tls.caPem);
    const controllers = await startControllers(registry, log, { controllers: opts.controllers, scheduler: { imagePlatformLookup: opts.imagePlatformLookup } });
    try {
      broker = await startBrokerBridge({ store, registry, dataDir: opts.dataDir, host: opts.bindAddress, port: opts.mqttPort, https: api.http, log, nodeMetrics, podMetrics });
    } catch (err) {
      controllers.stop();
      await api.close();
      throw err;
    }
    log(`mqtt listening on ${clientHost(opts.bindAddress)}:${broker.port} (websocket ${url}/mqtt)`);
    log(`api listening on ${url} (data dir ${opts.dataDir}, revision ${store.revision()})`);
    return {
      url,
      store,
      registry,
      broker,
      mqttPort: broker.port,
      controllers,
      async close() {
        open = false;
        controllers.stop();
        await broker.close();
        await api.close();
        await store.close();
      },
    };
  } catch (err) {
    await store.close();
    throw err;
  }
}
