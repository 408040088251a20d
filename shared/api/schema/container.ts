// core/v1 Container and what hangs off it: env, ports, resources, mounts.

import {
  arrayOf,
  boolean,
  enumOf,
  int32,
  int64,
  mergeList,
  named,
  obj,
  PROTOCOLS,
  quantity,
  resourceList,
  str,
  string,
  stringList,
  type Schema,
} from './common.js';
import { lifecycle, probe } from './probe.js';

export const configMapKeySelector: Schema = named(
  'io.k8s.api.core.v1.ConfigMapKeySelector',
  obj({ name: string, key: string, optional: boolean }, { required: ['key'] }),
);

export const secretKeySelector: Schema = named(
  'io.k8s.api.core.v1.SecretKeySelector',
  obj({ name: string, key: string, optional: boolean }, { required: ['key'] }),
);

export const objectFieldSelector: Schema = named(
  'io.k8s.api.core.v1.ObjectFieldSelector',
  obj(
    { apiVersion: string, fieldPath: str("Field of the pod, e.g. metadata.name, status.podIP, metadata.labels['app'].") },
    { required: ['fieldPath'] },
  ),
);

export const resourceFieldSelector: Schema = named(
  'io.k8s.api.core.v1.ResourceFieldSelector',
  obj({ containerName: string, resource: string, divisor: quantity }, { required: ['resource'] }),
);

export const envVarSource: Schema = named(
  'io.k8s.api.core.v1.EnvVarSource',
  obj({
    configMapKeyRef: configMapKeySelector,
    secretKeyRef: secretKeySelector,
    fieldRef: objectFieldSelector,
    resourceFieldRef: resourceFieldSelector,
  }),
);

export const envVar: Schema = named(
  'io.k8s.api.core.v1.EnvVar',
  obj({ name: string, value: string, valueFrom: envVarSource }, { required: ['name'] }),
);

const localRef = (name: string): Schema => named(name, obj({ name: string, optional: boolean }));

export const envFromSource: Schema = named(
  'io.k8s.api.core.v1.EnvFromSource',
  obj({
    prefix: str('Prepended to each key; must be a C identifier prefix.'),
    configMapRef: localRef('io.k8s.api.core.v1.ConfigMapEnvSource'),
    secretRef: localRef('io.k8s.api.core.v1.SecretEnvSource'),
  }),
);

export const containerPort: Schema = named(
  'io.k8s.api.core.v1.ContainerPort',
  obj(
    {
      name: str('IANA_SVC_NAME: at most 15 characters, unique within the pod.'),
      containerPort: int32,
      hostPort: int32,
      hostIP: string,
      protocol: enumOf(PROTOCOLS),
    },
    { required: ['containerPort'] },
  ),
);

export const resourceRequirements: Schema = named(
  'io.k8s.api.core.v1.ResourceRequirements',
  obj({ limits: resourceList, requests: resourceList }, { description: 'Compute resources: cpu, memory, ephemeral-storage.' }),
);

export const volumeMount: Schema = named(
  'io.k8s.api.core.v1.VolumeMount',
  obj(
    {
      name: string,
      mountPath: string,
      readOnly: boolean,
      subPath: string,
      subPathExpr: string,
      mountPropagation: enumOf(['None', 'HostToContainer', 'Bidirectional']),
    },
    { required: ['name', 'mountPath'] },
  ),
);

export const capabilities: Schema = named('io.k8s.api.core.v1.Capabilities', obj({ add: stringList, drop: stringList }));

export const seLinuxOptions: Schema = named(
  'io.k8s.api.core.v1.SELinuxOptions',
  obj({ user: string, role: string, type: string, level: string }),
);

export const seccompProfile: Schema = named(
  'io.k8s.api.core.v1.SeccompProfile',
  obj({ type: enumOf(['Localhost', 'RuntimeDefault', 'Unconfined']), localhostProfile: string }, { required: ['type'] }),
);

export const securityContext: Schema = named(
  'io.k8s.api.core.v1.SecurityContext',
  obj({
    privileged: boolean,
    capabilities,
    readOnlyRootFilesystem: boolean,
    allowPrivilegeEscalation: boolean,
    runAsUser: int64,
    runAsGroup: int64,
    runAsNonRoot: boolean,
    seLinuxOptions,
    seccompProfile,
    procMount: enumOf(['Default', 'Unmasked']),
  }),
);

export const container: Schema = named(
  'io.k8s.api.core.v1.Container',
  obj(
    {
      name: str('DNS-1123 label, unique across containers and initContainers.'),
      image: str('Container image reference.'),
      imagePullPolicy: enumOf(['Always', 'IfNotPresent', 'Never']),
      command: stringList,
      args: stringList,
      workingDir: string,
      env: mergeList(envVar, 'name', ['name']),
      envFrom: arrayOf(envFromSource),
      ports: mergeList(containerPort, 'containerPort', ['containerPort', 'protocol']),
      resources: resourceRequirements,
      livenessProbe: probe,
      readinessProbe: probe,
      startupProbe: probe,
      lifecycle,
      volumeMounts: mergeList(volumeMount, 'mountPath', ['mountPath']),
      terminationMessagePath: string,
      terminationMessagePolicy: enumOf(['File', 'FallbackToLogsOnError']),
      securityContext,
      restartPolicy: enumOf(['Always'], 'Only on init containers: Always makes it a sidecar.'),
      stdin: boolean,
      stdinOnce: boolean,
      tty: boolean,
    },
    { required: ['name'] },
  ),
);

export const containerList: Schema = mergeList(container, 'name', ['name']);
