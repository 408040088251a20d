// core/v1 volumes Edgeplane's agent can provide: configMap, secret, hostPath, emptyDir.
// Other volume sources are unknown fields here, so users learn at once that they
// are not supported instead of getting a pod that never starts.

import { arrayOf, boolean, enumOf, int32, mergeList, named, obj, quantity, str, string, type Schema } from './common.js';

export const HOST_PATH_TYPES = ['', 'DirectoryOrCreate', 'Directory', 'FileOrCreate', 'File', 'Socket', 'CharDevice', 'BlockDevice'] as const;

export const keyToPath: Schema = named(
  'io.k8s.api.core.v1.KeyToPath',
  obj(
    { key: string, path: str('Relative path of the file to map the key to; may not contain ".."'), mode: int32 },
    { required: ['key', 'path'] },
  ),
);

export const configMapVolumeSource: Schema = named(
  'io.k8s.api.core.v1.ConfigMapVolumeSource',
  obj({
    name: str('Name of the ConfigMap in the pod namespace.'),
    items: arrayOf(keyToPath),
    defaultMode: { ...int32, description: 'File mode bits, octal 0000-0777 (default 0644 = 420).' },
    optional: boolean,
  }),
);

export const secretVolumeSource: Schema = named(
  'io.k8s.api.core.v1.SecretVolumeSource',
  obj({
    secretName: str('Name of the Secret in the pod namespace.'),
    items: arrayOf(keyToPath),
    defaultMode: int32,
    optional: boolean,
  }),
);

export const hostPathVolumeSource: Schema = named(
  'io.k8s.api.core.v1.HostPathVolumeSource',
  obj({ path: string, type: enumOf(HOST_PATH_TYPES) }, { required: ['path'] }),
);

export const emptyDirVolumeSource: Schema = named(
  'io.k8s.api.core.v1.EmptyDirVolumeSource',
  obj({ medium: enumOf(['', 'Memory']), sizeLimit: quantity }),
);

export const VOLUME_SOURCES = ['configMap', 'secret', 'hostPath', 'emptyDir'] as const;

export const volume: Schema = named(
  'io.k8s.api.core.v1.Volume',
  obj(
    {
      name: str('DNS-1123 label, unique within the pod.'),
      configMap: configMapVolumeSource,
      secret: secretVolumeSource,
      hostPath: hostPathVolumeSource,
      emptyDir: emptyDirVolumeSource,
    },
    { required: ['name'] },
  ),
);

export const volumeList: Schema = {
  ...mergeList(volume, 'name', ['name']),
  'x-kubernetes-patch-strategy': 'merge,retainKeys',
};
