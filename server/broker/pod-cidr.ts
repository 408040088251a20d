// Pod CIDR allocation: each node gets a /24 of the cluster CIDR 10.42.0.0/16
// (k3s default). The allocation lives in Node.spec.podCIDR, so it is stable
// across server restarts without any other bookkeeping.

import type { KubeObject } from '../../shared/api/object.js';
import { EdgeplaneError } from '../../shared/errors.js';

export const CLUSTER_CIDR_PREFIX = '10.42';

/** The lowest /24 not used by any node. */
export function allocatePodCIDR(nodes: readonly KubeObject[]): string {
  const used = new Set<string>();
  for (const n of nodes) {
    const c = (n as any).spec?.podCIDR;
    if (typeof c === 'string') used.add(c);
  }
  for (let i = 0; i < 256; i++) {
    const cidr = `${CLUSTER_CIDR_PREFIX}.${i}.0/24`;
    if (!used.has(cidr)) return cidr;
  }
  throw new EdgeplaneError('PodCIDRExhausted', `no free /24 left in ${CLUSTER_CIDR_PREFIX}.0.0/16 (256 nodes)`);
}
