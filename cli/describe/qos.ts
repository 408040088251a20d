// A pod's QoS class when the server has not recorded one in status.qosClass:
// kubectl computes it the same way (pkg/apis/core/helper/qos.GetPodQOS).

import { compareQuantities, parseQuantity } from '../../shared/api/quantity.js';

const COMPUTE = ['cpu', 'memory'];

type Resources = { requests?: Record<string, string>; limits?: Record<string, string> };

export function podQOS(spec: { containers?: Array<{ resources?: Resources }>; initContainers?: Array<{ resources?: Resources }> }): string {
  const containers = [...(spec.containers ?? []), ...(spec.initContainers ?? [])];
  let anySet = false;
  let guaranteed = true;
  for (const c of containers) {
    const requests = c.resources?.requests ?? {};
    const limits = c.resources?.limits ?? {};
    for (const r of COMPUTE) {
      const req = requests[r];
      const lim = limits[r];
      if ((req !== undefined && parseQuantity(req) !== 0) || (lim !== undefined && parseQuantity(lim) !== 0)) anySet = true;
      // Guaranteed: every container limits cpu and memory, and requests (defaulting to the limits) equal them
      if (lim === undefined || (req !== undefined && compareQuantities(req, lim) !== 0)) guaranteed = false;
    }
  }
  if (!anySet) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}
