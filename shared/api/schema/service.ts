// core/v1 Service. Edgeplane implements ClusterIP and NodePort (kube-proxy's
// nftables mode in the agent); LoadBalancer and ExternalName are not offered.

import {
  arrayOf,
  boolean,
  condition,
  enumOf,
  int32,
  intOrString,
  kindSchema,
  mergeList,
  named,
  obj,
  PROTOCOLS,
  str,
  string,
  stringList,
  stringMap,
  type Schema,
} from './common.js';
import { objectMeta } from './metadata.js';

export const SERVICE_TYPES = ['ClusterIP', 'NodePort'] as const;

export const servicePort: Schema = named(
  'io.k8s.api.core.v1.ServicePort',
  obj(
    {
      name: str('IANA_SVC_NAME; required when the service has more than one port.'),
      protocol: enumOf(PROTOCOLS),
      appProtocol: string,
      port: int32,
      targetPort: intOrString,
      nodePort: { ...int32, description: 'For NodePort services: 30000-32767, allocated when absent.' },
    },
    { required: ['port'] },
  ),
);

export const sessionAffinityConfig: Schema = named(
  'io.k8s.api.core.v1.SessionAffinityConfig',
  obj({ clientIP: named('io.k8s.api.core.v1.ClientIPConfig', obj({ timeoutSeconds: int32 })) }),
);

export const serviceSpec: Schema = named(
  'io.k8s.api.core.v1.ServiceSpec',
  obj({
    type: enumOf(SERVICE_TYPES),
    selector: stringMap('Pods with these labels are the endpoints; absent means endpoints are managed by hand.'),
    ports: mergeList(servicePort, 'port', ['port', 'protocol']),
    clusterIP: str('Allocated from the service CIDR when empty; "None" makes a headless service.'),
    clusterIPs: arrayOf(string, { 'x-kubernetes-list-type': 'atomic' }),
    ipFamilies: arrayOf(enumOf(['IPv4', 'IPv6']), { 'x-kubernetes-list-type': 'atomic' }),
    ipFamilyPolicy: enumOf(['PreferDualStack', 'RequireDualStack', 'SingleStack']),
    sessionAffinity: enumOf(['ClientIP', 'None']),
    sessionAffinityConfig,
    externalTrafficPolicy: enumOf(['Cluster', 'Local']),
    internalTrafficPolicy: enumOf(['Cluster', 'Local']),
    externalIPs: stringList,
    publishNotReadyAddresses: boolean,
    trafficDistribution: string,
  }),
);

export const serviceStatus: Schema = named(
  'io.k8s.api.core.v1.ServiceStatus',
  obj({
    // kubectl round-trips `status: {loadBalancer: {}}`; the content is not used.
    loadBalancer: named(
      'io.k8s.api.core.v1.LoadBalancerStatus',
      obj({
        ingress: arrayOf(
          named(
            'io.k8s.api.core.v1.LoadBalancerIngress',
            obj({
              ip: string,
              hostname: string,
              ipMode: string,
              ports: arrayOf(obj({ port: int32, protocol: enumOf(PROTOCOLS), error: string }, { required: ['port', 'protocol'] })),
            }),
          ),
        ),
      }),
    ),
    conditions: mergeList(condition('io.k8s.apimachinery.pkg.apis.meta.v1.Condition', { observedGeneration: { type: 'integer', format: 'int64' } }), 'type', ['type']),
  }),
);

export const service: Schema = kindSchema(
  'io.k8s.api.core.v1.Service',
  '',
  'Service',
  { spec: serviceSpec, status: serviceStatus },
  'A stable virtual IP and DNS name in front of a set of pods.',
  objectMeta,
);
