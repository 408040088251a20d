// Who may publish or subscribe to what (the NodeRestriction idea over MQTT).
// Pure functions of (principal, topic) so they are tested without a broker.
// The server's own in-process publishes never pass through here (aedes calls
// authorizePublish only for client packets).

import { parseTopic, topics } from '../../shared/mqtt/topics.js';

export type Principal =
  | { kind: 'join'; clientId: string }
  | { kind: 'dashboard' }
  | { kind: 'node'; node: string };

export function mayPublish(p: Principal, topic: string): boolean {
  const t = parseTopic(topic);
  if (!t) return false;
  switch (p.kind) {
    case 'join':
      return t.kind === 'joinRequest';
    case 'dashboard':
      return false;
    case 'node':
      // only its own subtree edgeplane/nodes/<self>/...
      return (t.kind === 'online' || t.kind === 'status' || t.kind === 'podStatus' || t.kind === 'podEvents' || t.kind === 'podMetrics' || t.kind === 'rpcReply') && t.node === p.node;
  }
}

export function maySubscribe(p: Principal, filter: string): boolean {
  switch (p.kind) {
    case 'join':
      return filter === topics.joinReply(p.clientId);
    case 'dashboard':
      // the public contract topics only, singly or with the node wildcard
      if (filter === topics.allOnline || filter === topics.allStatus) return true;
      if (/[+#]/.test(filter)) return false;
      {
        const t = parseTopic(filter);
        return t !== undefined && (t.kind === 'online' || t.kind === 'status');
      }
    case 'node':
      return filter === topics.desired(p.node) || filter === topics.services || filter === topics.rpcRequest(p.node);
  }
}
