// The MQTT topic scheme (docs/mqtt.md is the contract). Builders and parsers
// live together so server, agent and tests cannot drift apart. Topics carry
// the node name, so authorization is a pure function of (identity, topic).

export const ROOT = 'edgeplane';

/** Node names and namespaces: DNS labels/subdomains; no MQTT wildcards or '/'. */
const NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

/** RPC correlation ids: short, no MQTT wildcards or separators */
export const CORRELATION = /^[A-Za-z0-9_-]{8,64}$/;

export function validName(name: string): boolean {
  return NAME.test(name);
}

export const topics = {
  /** retained `online` | `offline`; agent publishes, its last will sets `offline` (public contract) */
  online: (node: string) => `${ROOT}/nodes/${node}/online`,
  /** retained JSON NodeStatusReport (public contract) */
  status: (node: string) => `${ROOT}/nodes/${node}/status`,
  /** not retained JSON PodStatusReport, one topic per pod */
  podStatus: (node: string, namespace: string, pod: string) => `${ROOT}/nodes/${node}/pods/${namespace}/${pod}/status`,
  /** retained JSON DesiredSet, published only by the server; outside the node's own subtree so a node cannot overwrite it */
  desired: (node: string) => `${ROOT}/desired/${node}`,
  /** join exchange: the request topic every join-token client may publish to */
  joinRequest: `${ROOT}/join/request`,
  /** the join reply for one MQTT client id */
  joinReply: (clientId: string) => `${ROOT}/join/reply/${clientId}`,
  /** not retained JSON PodEvent batch from the agent (kubelet's events) */
  podEvents: (node: string) => `${ROOT}/nodes/${node}/events`,
  /** server → node RPC requests (logs, exec, cancel); outside the node subtree so only the server publishes */
  rpcRequest: (node: string) => `${ROOT}/rpc/${node}`,
  /** not retained JSON PodMetricsReport: CPU and memory of the node's pods, each status tick */
  podMetrics: (node: string) => `${ROOT}/nodes/${node}/metrics`,
  /** node → server RPC replies for one correlation id, inside the node's own subtree */
  rpcReply: (node: string, correlationId: string) => `${ROOT}/nodes/${node}/rpc/${correlationId}`,
  /** retained cluster-wide service data (issue 5) */
  services: `${ROOT}/cluster/services`,
  /** dashboard wildcard subscriptions */
  allOnline: `${ROOT}/nodes/+/online`,
  allStatus: `${ROOT}/nodes/+/status`,
} as const;

export type ParsedTopic =
  | { kind: 'online'; node: string }
  | { kind: 'status'; node: string }
  | { kind: 'podStatus'; node: string; namespace: string; pod: string }
  | { kind: 'desired'; node: string }
  | { kind: 'podEvents'; node: string }
  | { kind: 'podMetrics'; node: string }
  | { kind: 'rpcRequest'; node: string }
  | { kind: 'rpcReply'; node: string; correlationId: string }
  | { kind: 'joinRequest' }
  | { kind: 'joinReply'; clientId: string }
  | { kind: 'services' };

/** Parse a concrete (wildcard-free) topic; undefined when it is not ours. */
export function parseTopic(topic: string): ParsedTopic | undefined {
  const p = topic.split('/');
  if (p[0] !== ROOT) return undefined;
  if (p[1] === 'nodes' && p.length >= 4 && validName(p[2])) {
    if (p.length === 4 && p[3] === 'online') return { kind: 'online', node: p[2] };
    if (p.length === 4 && p[3] === 'status') return { kind: 'status', node: p[2] };
    if (p.length === 4 && p[3] === 'events') return { kind: 'podEvents', node: p[2] };
    if (p.length === 4 && p[3] === 'metrics') return { kind: 'podMetrics', node: p[2] };
    if (p.length === 5 && p[3] === 'rpc' && CORRELATION.test(p[4])) return { kind: 'rpcReply', node: p[2], correlationId: p[4] };
    if (p.length === 7 && p[3] === 'pods' && p[6] === 'status' && validName(p[4]) && validName(p[5])) {
      return { kind: 'podStatus', node: p[2], namespace: p[4], pod: p[5] };
    }
    return undefined;
  }
  if (p[1] === 'desired' && p.length === 3 && validName(p[2])) return { kind: 'desired', node: p[2] };
  if (p[1] === 'rpc' && p.length === 3 && validName(p[2])) return { kind: 'rpcRequest', node: p[2] };
  if (p[1] === 'join' && p.length === 3 && p[2] === 'request') return { kind: 'joinRequest' };
  if (p[1] === 'join' && p.length === 4 && p[2] === 'reply' && p[3] !== '' && !/[+#]/.test(p[3])) return { kind: 'joinReply', clientId: p[3] };
  if (p[1] === 'cluster' && p.length === 3 && p[2] === 'services') return { kind: 'services' };
  return undefined;
}

/** MQTT usernames: `join`, `dashboard`, or `node:<name>`. */
export const USER_JOIN = 'join';
export const USER_DASHBOARD = 'dashboard';
export const nodeUser = (node: string) => `node:${node}`;
export function nodeFromUser(user: string): string | undefined {
  if (!user.startsWith('node:')) return undefined;
  const n = user.slice(5);
  return validName(n) ? n : undefined;
}
