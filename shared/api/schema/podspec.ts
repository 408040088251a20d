// core/v1 PodSpec with scheduling (affinity, tolerations), security and DNS
// settings, and PodTemplateSpec used by the workload kinds.

import {
  arrayOf,
  boolean,
  enumOf,
  int32,
  int64,
  mergeList,
  named,
  obj,
  resourceList,
  str,
  string,
  stringList,
  stringMap,
  type Schema,
} from './common.js';
import { containerList, seccompProfile, seLinuxOptions } from './container.js';
import { labelSelector, objectMeta } from './metadata.js';
import { volumeList } from './volume.js';

export const NODE_SELECTOR_OPERATORS = ['DoesNotExist', 'Exists', 'Gt', 'In', 'Lt', 'NotIn'] as const;
export const TAINT_EFFECTS = ['NoExecute', 'NoSchedule', 'PreferNoSchedule'] as const;

export const nodeSelectorRequirement: Schema = named(
  'io.k8s.api.core.v1.NodeSelectorRequirement',
  obj({ key: string, operator: enumOf(NODE_SELECTOR_OPERATORS), values: stringList }, { required: ['key', 'operator'] }),
);

export const nodeSelectorTerm: Schema = named(
  'io.k8s.api.core.v1.NodeSelectorTerm',
  obj(
    { matchExpressions: arrayOf(nodeSelectorRequirement), matchFields: arrayOf(nodeSelectorRequirement) },
    { description: 'Requirements ANDed together; terms of a NodeSelector are ORed.' },
  ),
);

export const nodeSelector: Schema = named(
  'io.k8s.api.core.v1.NodeSelector',
  obj({ nodeSelectorTerms: arrayOf(nodeSelectorTerm) }, { required: ['nodeSelectorTerms'] }),
);

export const preferredSchedulingTerm: Schema = named(
  'io.k8s.api.core.v1.PreferredSchedulingTerm',
  obj({ weight: int32, preference: nodeSelectorTerm }, { required: ['weight', 'preference'] }),
);

export const nodeAffinity: Schema = named(
  'io.k8s.api.core.v1.NodeAffinity',
  obj({
    requiredDuringSchedulingIgnoredDuringExecution: nodeSelector,
    preferredDuringSchedulingIgnoredDuringExecution: arrayOf(preferredSchedulingTerm),
  }),
);

export const podAffinityTerm: Schema = named(
  'io.k8s.api.core.v1.PodAffinityTerm',
  obj(
    {
      labelSelector,
      namespaces: stringList,
      topologyKey: string,
      namespaceSelector: labelSelector,
      matchLabelKeys: stringList,
      mismatchLabelKeys: stringList,
    },
    { required: ['topologyKey'] },
  ),
);

export const weightedPodAffinityTerm: Schema = named(
  'io.k8s.api.core.v1.WeightedPodAffinityTerm',
  obj({ weight: int32, podAffinityTerm }, { required: ['weight', 'podAffinityTerm'] }),
);

const podAffinityShape = (name: string): Schema =>
  named(
    name,
    obj({
      requiredDuringSchedulingIgnoredDuringExecution: arrayOf(podAffinityTerm),
      preferredDuringSchedulingIgnoredDuringExecution: arrayOf(weightedPodAffinityTerm),
    }),
  );

export const affinity: Schema = named(
  'io.k8s.api.core.v1.Affinity',
  obj({
    nodeAffinity,
    podAffinity: podAffinityShape('io.k8s.api.core.v1.PodAffinity'),
    podAntiAffinity: podAffinityShape('io.k8s.api.core.v1.PodAntiAffinity'),
  }),
);

export const toleration: Schema = named(
  'io.k8s.api.core.v1.Toleration',
  obj({
    key: str('Taint key; empty with operator Exists tolerates everything.'),
    operator: enumOf(['Equal', 'Exists']),
    value: string,
    effect: enumOf(['', ...TAINT_EFFECTS]),
    tolerationSeconds: { ...int64, description: 'How long a NoExecute taint is tolerated before eviction.' },
  }),
);

export const sysctl: Schema = named('io.k8s.api.core.v1.Sysctl', obj({ name: string, value: string }, { required: ['name', 'value'] }));

export const podSecurityContext: Schema = named(
  'io.k8s.api.core.v1.PodSecurityContext',
  obj({
    runAsUser: int64,
    runAsGroup: int64,
    runAsNonRoot: boolean,
    fsGroup: int64,
    fsGroupChangePolicy: enumOf(['Always', 'OnRootMismatch']),
    supplementalGroups: arrayOf(int64),
    sysctls: arrayOf(sysctl),
    seLinuxOptions,
    seccompProfile,
  }),
);

export const podDNSConfig: Schema = named(
  'io.k8s.api.core.v1.PodDNSConfig',
  obj({
    nameservers: stringList,
    searches: stringList,
    options: arrayOf(named('io.k8s.api.core.v1.PodDNSConfigOption', obj({ name: string, value: string }))),
  }),
);

export const localObjectReference: Schema = named('io.k8s.api.core.v1.LocalObjectReference', obj({ name: string }));

export const hostAlias: Schema = named('io.k8s.api.core.v1.HostAlias', obj({ ip: string, hostnames: stringList }, { required: ['ip'] }));

export const RESTART_POLICIES = ['Always', 'Never', 'OnFailure'] as const;
export const DNS_POLICIES = ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'] as const;

export const podSpec: Schema = named(
  'io.k8s.api.core.v1.PodSpec',
  obj(
    {
      containers: containerList,
      initContainers: containerList,
      volumes: volumeList,
      nodeName: str('Set by the scheduler (or by hand) to bind the pod to a node.'),
      nodeSelector: stringMap('Labels a node must carry for the pod to fit.'),
      affinity,
      tolerations: arrayOf(toleration),
      restartPolicy: enumOf(RESTART_POLICIES),
      terminationGracePeriodSeconds: int64,
      activeDeadlineSeconds: int64,
      dnsPolicy: enumOf(DNS_POLICIES),
      dnsConfig: podDNSConfig,
      hostNetwork: boolean,
      hostPID: boolean,
      hostIPC: boolean,
      hostname: string,
      subdomain: string,
      hostAliases: mergeList(hostAlias, 'ip', ['ip']),
      schedulerName: string,
      priority: int32,
      priorityClassName: string,
      preemptionPolicy: enumOf(['Never', 'PreemptLowerPriority']),
      serviceAccountName: string,
      serviceAccount: str('Deprecated alias of serviceAccountName.'),
      automountServiceAccountToken: boolean,
      enableServiceLinks: boolean,
      securityContext: podSecurityContext,
      imagePullSecrets: mergeList(localObjectReference, 'name', ['name']),
      runtimeClassName: string,
      shareProcessNamespace: boolean,
      readinessGates: arrayOf(named('io.k8s.api.core.v1.PodReadinessGate', obj({ conditionType: string }, { required: ['conditionType'] }))),
      overhead: resourceList,
    },
    { required: ['containers'] },
  ),
);

export const podTemplateSpec: Schema = named(
  'io.k8s.api.core.v1.PodTemplateSpec',
  obj({ metadata: objectMeta, spec: podSpec }, { description: 'The pods a workload creates.' }),
);
