// What the filters and scores need from the pod being scheduled, computed once
// per attempt (kube-scheduler's PreFilter state).

import type { KubeObject } from '../../shared/api/object.js';
import { normalizeImage } from './image-ref.js';
import { requiredNodeTerms, type NodeSelectorTerm } from './node-affinity.js';
import { podRequests, type Resources } from './resources.js';
import { controllerOwner, podHostPorts, podKey, type HostPort } from './snapshot.js';
import type { Toleration } from './taints.js';

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

export interface PodInfo {
  pod: KubeObject;
  key: string;
  requests: Resources;
  nonZero: Resources;
  hostPorts: HostPort[];
  tolerations: Toleration[];
  nodeSelector?: Record<string, string>;
  requiredTerms?: NodeSelectorTerm[];
  owner?: string;
  /** normalised images of app and init containers */
  images: string[];
  /** app containers (ImageLocality scales by their number) */
  containerCount: number;
  /** per image whose platforms are known: the platforms it provides */
  platforms: Platform[][];
}

export function podInfo(pod: KubeObject, platforms: Platform[][] = []): PodInfo {
  const spec = pod.spec ?? {};
  const containers: any[] = Array.isArray(spec.containers) ? spec.containers : [];
  const inits: any[] = Array.isArray(spec.initContainers) ? spec.initContainers : [];
  const images = [...new Set([...inits, ...containers].map((c) => c?.image).filter((i): i is string => typeof i === 'string' && i !== '').map(normalizeImage))];
  return {
    pod,
    key: podKey(pod),
    requests: podRequests(spec),
    nonZero: podRequests(spec, true),
    hostPorts: podHostPorts(spec),
    tolerations: Array.isArray(spec.tolerations) ? spec.tolerations : [],
    nodeSelector: spec.nodeSelector && typeof spec.nodeSelector === 'object' ? spec.nodeSelector : undefined,
    requiredTerms: requiredNodeTerms(spec),
    owner: controllerOwner(pod),
    images,
    containerCount: containers.length,
    platforms,
  };
}
