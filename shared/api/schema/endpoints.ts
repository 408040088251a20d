// core/v1 Endpoints, kept by the endpoints controller from ready pods.

import { arrayOf, enumOf, int32, kindSchema, named, obj, PROTOCOLS, string, type Schema } from './common.js';
import { objectMeta } from './metadata.js';

export const objectReference: Schema = named(
  'io.k8s.api.core.v1.ObjectReference',
  obj({
    apiVersion: string,
    kind: string,
    namespace: string,
    name: string,
    uid: string,
    resourceVersion: string,
    fieldPath: string,
  }),
);

export const endpointAddress: Schema = named(
  'io.k8s.api.core.v1.EndpointAddress',
  obj({ ip: string, hostname: string, nodeName: string, targetRef: objectReference }, { required: ['ip'] }),
);

export const endpointPort: Schema = named(
  'io.k8s.api.core.v1.EndpointPort',
  obj({ name: string, port: int32, protocol: enumOf(PROTOCOLS), appProtocol: string }, { required: ['port'] }),
);

export const endpointSubset: Schema = named(
  'io.k8s.api.core.v1.EndpointSubset',
  obj({ addresses: arrayOf(endpointAddress), notReadyAddresses: arrayOf(endpointAddress), ports: arrayOf(endpointPort) }),
);

export const endpoints: Schema = kindSchema(
  'io.k8s.api.core.v1.Endpoints',
  '',
  'Endpoints',
  { subsets: arrayOf(endpointSubset) },
  'The addresses and ports behind a service.',
  objectMeta,
);
