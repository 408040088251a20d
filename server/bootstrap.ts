// Objects every cluster has (kube-apiserver's bootstrap controller creates the
// same system namespaces).

import { KINDS } from '../shared/api/kinds.js';
import type { Registry } from './registry/registry.js';
import { ApiError } from './api/status.js';

const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

export async function ensureSystemNamespaces(registry: Registry): Promise<void> {
  const ns = KINDS.find((k) => k.kind === 'Namespace')!;
  for (const name of SYSTEM_NAMESPACES) {
    try {
      await registry.get(ns, '', name);
    } catch (err) {
      if (!(err instanceof ApiError && err.status.code === 404)) throw err;
      await registry.create(ns, '', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    }
  }
}
