// The agent side of the join exchange (docs/mqtt.md "Join"): connect with the
// join token, publish a JoinRequest carrying our reply topic and a correlation
// id (MQTT 3.1.1 has no response-topic property), wait for the reply.

import { randomBytes } from 'node:crypto';
import mqtt from 'mqtt';
import { EdgeplaneError } from '../shared/errors.js';
import { topics, USER_JOIN } from '../shared/mqtt/topics.js';
import { parseJoinReply, type JoinRequest } from '../shared/mqtt/messages.js';

export interface JoinOptions {
  /** mqtt://host:port */
  brokerUrl: string;
  token: string;
  nodeName: string;
  nodePassword: string;
  labels?: Record<string, string>;
  timeoutMs?: number;
}

export interface JoinResult {
  nodeName: string;
  username: string;
  password: string;
  podCIDR: string;
}

export async function joinCluster(o: JoinOptions): Promise<JoinResult> {
  const clientId = `edgeplane-join-${randomBytes(8).toString('hex')}`;
  const correlationId = randomBytes(12).toString('hex');
  const timeoutMs = o.timeoutMs ?? 15_000;
  const client = mqtt.connect(o.brokerUrl, {
    clientId,
    username: USER_JOIN,
    password: o.token,
    protocolVersion: 4,
    clean: true,
    reconnectPeriod: 0,
    connectTimeout: timeoutMs,
    keepalive: 10,
  });
  try {
    return await new Promise<JoinResult>((resolve, reject) => {
      const timer = setTimeout(() => reject(new EdgeplaneError('JoinTimeout', `no join reply from ${o.brokerUrl} within ${timeoutMs} ms`)), timeoutMs);
      const fail = (err: Error) => {
        clearTimeout(timer);
        reject(err);
      };
      client.on('error', (err) => {
        const code = (err as any).code;
        // CONNACK 4 (bad user/password) or 5 (not authorized)
        if (code === 4 || code === 5) fail(new EdgeplaneError('JoinUnauthorized', `the server refused the join token (${err.message})`, { cause: err }));
        else fail(new EdgeplaneError('JoinConnectFailed', `cannot reach ${o.brokerUrl}: ${err.message}`, { cause: err }));
      });
      client.on('close', () => fail(new EdgeplaneError('JoinConnectFailed', `connection to ${o.brokerUrl} closed during join`)));
      client.on('message', (_topic, payload) => {
        const reply = parseJoinReply(payload);
        if (!reply || reply.correlationId !== correlationId) return;
        clearTimeout(timer);
        if (reply.ok) resolve({ nodeName: reply.nodeName, username: reply.username, password: reply.password, podCIDR: reply.podCIDR });
        else reject(new EdgeplaneError(reply.code, `join refused: ${reply.message}`));
      });
      client.on('connect', () => {
        const replyTo = topics.joinReply(clientId);
        client.subscribe(replyTo, { qos: 1 }, (err, granted) => {
          if (err || !granted || granted.some((g) => g.qos === 128)) return fail(new EdgeplaneError('JoinUnauthorized', 'the server refused the join reply subscription'));
          const req: JoinRequest = { replyTo, correlationId, nodeName: o.nodeName, nodePassword: o.nodePassword, labels: o.labels };
          client.publish(topics.joinRequest, JSON.stringify(req), { qos: 1 });
        });
      });
    });
  } finally {
    client.end(true);
  }
}
