// Assembles the broker bridge: credentials, the aedes broker (TCP + WebSocket),
// the join handler, node lifecycle, pod status ingest and the desired-state
// publisher. server/main.ts starts it after the API is listening.

import type { Server as HttpsServer } from 'node:https';
import type { Store } from '../store/types.js';
import type { Registry } from '../registry/registry.js';
import { Broker, type BrokerHooks } from './broker.js';
import { loadOrCreateDashboardPassword, loadOrCreateJoinToken, NodeCredentials } from './credentials.js';
import { JoinHandler } from './join.js';
import { NodeLifecycle } from './node-lifecycle.js';
import { PodStatusIngest } from './pod-status.js';
import { DesiredPublisher } from './desired-publisher.js';
import { ServicesPublisher } from './services-publisher.js';
import { DEFAULT_CLUSTER_DOMAIN } from '../../shared/mqtt/cluster-services.js';
import type { NodeMetricsCache } from '../metrics/node-metrics.js';
import type { PodMetricsCache } from '../metrics/pod-metrics.js';
import { parsePodMetricsReport } from '../../shared/mqtt/pod-metrics.js';
import { parseTopic, topics } from '../../shared/mqtt/topics.js';
import { parseJoinRequest, parseNodeStatusReport, parsePodStatusReport } from '../../shared/mqtt/messages.js';
import { parsePodEvents, parseRpcReply } from '../../shared/mqtt/rpc.js';
import { NodeRpc } from './rpc.js';
import { PodEventIngest } from './pod-events.js';

export interface BrokerBridgeOptions {
  store: Store;
  registry: Registry;
  dataDir: string;
  host: string;
  port: number;
  https?: HttpsServer;
  log: (m: string) => void;
  startupGraceMs?: number;
  /** node usage from status reports, kept in memory for the metrics API */
  nodeMetrics?: NodeMetricsCache;
  /** pod usage from edgeplane/nodes/<node>/metrics, kept in memory for the metrics API */
  podMetrics?: PodMetricsCache;
}

export interface BrokerBridge {
  port: number;
  broker: Broker;
  lifecycle: NodeLifecycle;
  /** logs/exec requests to nodes */
  rpc: NodeRpc;
  services: ServicesPublisher;
  close(): Promise<void>;
}

export async function startBrokerBridge(o: BrokerBridgeOptions): Promise<BrokerBridge> {
  const joinToken = await loadOrCreateJoinToken(o.dataDir);
  const dashboardPassword = await loadOrCreateDashboardPassword(o.dataDir);
  const nodes = new NodeCredentials(o.registry);
  await nodes.load();
  const joins = new JoinHandler(o.registry, nodes, o.log);
  const lifecycle = new NodeLifecycle({ registry: o.registry, log: o.log, startupGraceMs: o.startupGraceMs });
  const podStatus = new PodStatusIngest(o.registry, o.log);
  let broker!: Broker;
  const rpc = new NodeRpc({ publish: (t, p) => broker.publish(t, p, false), isOnline: (n) => lifecycle.isOnline(n) });
  const podEvents = new PodEventIngest(o.registry, o.log);

  const hooks: BrokerHooks = {
    onNodeConnected: (node, client) => lifecycle.connected(node, client),
    onNodeDisconnected: (node, client) => {
      // a clean DISCONNECT sends no last will: publish `offline` for the agent
      if (lifecycle.disconnected(node, client)) {
        rpc.nodeGone(node);
        o.nodeMetrics?.forget(node);
        o.podMetrics?.forget(node);
        void broker.publish(topics.online(node), 'offline', true).catch(() => undefined);
      }
    },
    onPublish: (p, client, topic, payload) => {
      const t = parseTopic(topic);
      if (!t) return;
      if (t.kind === 'joinRequest' && p.kind === 'join') {
        const req = parseJoinRequest(payload);
        if (!req) return; // malformed: nobody to answer reliably
        void joins.handle(req, p.clientId).then((reply) => broker.publish(topics.joinReply(p.clientId), JSON.stringify(reply), false).catch(() => undefined));
        return;
      }
      if (p.kind !== 'node') return;
      if (t.kind === 'status') {
        const report = parseNodeStatusReport(payload);
        if (report && report.nodeName === p.node && lifecycle.isOnline(p.node)) {
          lifecycle.status(p.node, client, report);
          o.nodeMetrics?.record(report);
        }
      } else if (t.kind === 'online') {
        if (payload.toString('utf8') === 'offline' && lifecycle.disconnected(p.node, client)) {
          o.nodeMetrics?.forget(p.node);
          o.podMetrics?.forget(p.node);
        }
      } else if (t.kind === 'podStatus') {
        const report = parsePodStatusReport(payload);
        if (report) podStatus.report(p.node, t.namespace, t.pod, report);
      } else if (t.kind === 'podMetrics') {
        const report = parsePodMetricsReport(payload);
        if (report && lifecycle.isOnline(p.node)) o.podMetrics?.record(p.node, report);
      } else if (t.kind === 'rpcReply') {
        const r = parseRpcReply(payload);
        if (r && r.correlationId === t.correlationId) rpc.reply(p.node, r);
      } else if (t.kind === 'podEvents') {
        const events = parsePodEvents(payload);
        if (events) podEvents.report(p.node, events);
      }
    },
  };
  broker = await Broker.create({ joinToken, dashboardPassword, nodes }, hooks, o.log);
  const publisher = new DesiredPublisher(o.store, o.registry, (topic, payload) => broker.publish(topic, payload, true), o.log);
  const net = { serviceCIDR: o.registry.services.cidr.text, clusterDNS: o.registry.services.clusterDNS, clusterDomain: DEFAULT_CLUSTER_DOMAIN };
  const servicesPublisher = new ServicesPublisher(o.store, net, (topic, payload) => broker.publish(topic, payload, true), o.log);
  try {
    const addr = await broker.listenTcp(o.port, o.host);
    if (o.https) broker.attachWebSocket(o.https);
    lifecycle.start();
    await publisher.start();
    await servicesPublisher.start();
    return {
      port: addr.port,
      broker,
      lifecycle,
      rpc,
      services: servicesPublisher,
      async close() {
        rpc.close();
        await publisher.close();
        await servicesPublisher.close();
        // lifecycle first: sessions ending because *we* stop are not node failures
        // (after the restart, nodes that do not come back are marked by the startup grace)
        await lifecycle.close();
        await broker.close();
        await podStatus.drain();
      },
    };
  } catch (err) {
    await broker.close().catch(() => undefined);
    throw err;
  }
}
