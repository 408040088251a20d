// The join exchange (k3s-style node registration over MQTT 3.1.1). A client
// holding the join token publishes a JoinRequest; the server answers on the
// request's reply topic with a per-node credential. The node password
// (random, generated once by the agent) is the machine's identity: a second
// machine claiming an existing node name with another password is refused.

import { newToken, digest } from '../auth/tokens.js';
import type { Registry } from '../registry/registry.js';
import { topics, validName, nodeUser } from '../../shared/mqtt/topics.js';
import type { JoinReply, JoinRequest } from '../../shared/mqtt/messages.js';
import { digestEquals, type NodeCredentials } from './credentials.js';
import { allocatePodCIDR } from './pod-cidr.js';
import { isNotFound, NODE } from './kinds.js';
import { EdgeplaneError } from '../../shared/errors.js';

const LABEL_KEY = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

export class JoinHandler {
  /** joins are serialized: pod CIDR allocation reads then writes */
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly registry: Registry,
    private readonly creds: NodeCredentials,
    private readonly log: (m: string) => void,
  ) {}

  handle(req: JoinRequest, clientId: string): Promise<JoinReply> {
    const run = this.chain.then(() => this.join(req, clientId));
    this.chain = run.catch(() => undefined);
    return run.catch((err: unknown) => {
      const code = err instanceof EdgeplaneError ? err.code : 'InternalError';
      if (code === 'InternalError') this.log(`join of ${req.nodeName} failed: ${(err as Error).message}`);
      return { correlationId: req.correlationId, ok: false as const, code, message: (err as Error).message };
    });
  }

  private async join(req: JoinRequest, clientId: string): Promise<JoinReply> {
    if (req.replyTo !== topics.joinReply(clientId)) {
      throw new EdgeplaneError('InvalidReplyTopic', `replyTo must be ${topics.joinReply(clientId)}`);
    }
    if (!validName(req.nodeName) || req.nodeName.length > 63) {
      throw new EdgeplaneError('InvalidNodeName', `node name ${JSON.stringify(req.nodeName)} is not a valid DNS label`);
    }
    for (const [k, v] of Object.entries(req.labels ?? {})) {
      if (!LABEL_KEY.test(k) || v.length > 63) throw new EdgeplaneError('InvalidLabel', `invalid label ${k}=${v}`);
    }
    const existing = this.creds.get(req.nodeName);
    if (existing && !digestEquals(req.nodePassword, existing.nodePasswordSha256)) {
      throw new EdgeplaneError(
        'NodeIdentityMismatch',
        `node name "${req.nodeName}" is already joined by another machine (node password mismatch); ` +
          `join under another --node-name, or delete Node ${req.nodeName} and Secret kube-system/edgeplane-node-${req.nodeName} first`,
      );
    }
    const podCIDR = await this.ensureNode(req);
    const credential = newToken();
    // reissued on every join: the old credential stops working, like a password reset
    await this.creds.save(req.nodeName, {
      nodePasswordSha256: digest(req.nodePassword).toString('hex'),
      credentialSha256: digest(credential).toString('hex'),
    });
    this.log(`node ${req.nodeName} joined (pod CIDR ${podCIDR})`);
    return { correlationId: req.correlationId, ok: true, nodeName: req.nodeName, username: nodeUser(req.nodeName), password: credential, podCIDR };
  }

  private async ensureNode(req: JoinRequest): Promise<string> {
    let node;
    try {
      node = structuredClone(await this.registry.get(NODE, '', req.nodeName)) as any;
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    if (!node) {
      const { items } = await this.registry.list(NODE, '');
      const podCIDR = allocatePodCIDR(items);
      await this.registry.create(NODE, '', {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name: req.nodeName, labels: { ...(req.labels ?? {}), 'kubernetes.io/hostname': req.nodeName } },
        spec: { podCIDR, podCIDRs: [podCIDR] },
      });
      return podCIDR;
    }
    const labels = { ...(node.metadata.labels ?? {}), ...(req.labels ?? {}) };
    let podCIDR: string | undefined = node.spec?.podCIDR;
    const changed = !podCIDR || JSON.stringify(labels) !== JSON.stringify(node.metadata.labels ?? {});
    if (!podCIDR) {
      const { items } = await this.registry.list(NODE, '');
      podCIDR = allocatePodCIDR(items);
      node.spec = { ...(node.spec ?? {}), podCIDR, podCIDRs: [podCIDR] };
    }
    if (changed) {
      node.metadata.labels = labels;
      await this.registry.update(NODE, '', req.nodeName, node);
    }
    return podCIDR!;
  }
}
