// Node rows: printNode in k8s.io/kubernetes/pkg/printers/internalversion/printers.go.

import type { KubeObject } from '../../../../shared/api/object.js';
import { ageColumn, column, nameColumn } from '../columns.js';
import { translateTimestampSince } from '../../../../shared/duration.js';
import { list } from '../format.js';
import type { PrintedRow, Printer } from '../printer.js';

/** Role labels: `node-role.kubernetes.io/<role>` (any value) or `kubernetes.io/role=<role>`. */
const LABEL_NODE_ROLE_PREFIX = 'node-role.kubernetes.io/';
const NODE_LABEL_ROLE = 'kubernetes.io/role';

export function nodeRoles(labels: Record<string, string> | undefined): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(labels ?? {})) {
    if (k.startsWith(LABEL_NODE_ROLE_PREFIX)) {
      const role = k.slice(LABEL_NODE_ROLE_PREFIX.length);
      if (role) roles.add(role);
    } else if (k === NODE_LABEL_ROLE && v !== '') {
      roles.add(v);
    }
  }
  return [...roles].sort();
}

/** `Ready` / `NotReady` (any status but True, Unknown included) / `Unknown` (no condition), then `,SchedulingDisabled`. */
export function nodeStatus(node: KubeObject): string {
  const status: string[] = [];
  const ready = list<{ type: string; status: string }>(node.status?.conditions).find((c) => c.type === 'Ready');
  if (ready) status.push(ready.status === 'True' ? 'Ready' : 'NotReady');
  else status.push('Unknown');
  if (node.spec?.unschedulable) status.push('SchedulingDisabled');
  return status.join(',');
}

function address(node: KubeObject, type: string): string {
  return list<{ type: string; address: string }>(node.status?.addresses).find((a) => a.type === type)?.address ?? '<none>';
}

function printNode(node: KubeObject, now: Date): PrintedRow {
  const info = node.status?.nodeInfo ?? {};
  const roles = nodeRoles(node.metadata.labels).join(',');
  return {
    cells: [
      node.metadata.name ?? '',
      nodeStatus(node),
      roles || '<none>',
      translateTimestampSince(node.metadata.creationTimestamp, now),
      info.kubeletVersion ?? '',
      address(node, 'InternalIP'),
      address(node, 'ExternalIP'),
      info.osImage || '<unknown>',
      info.kernelVersion || '<unknown>',
      info.containerRuntimeVersion || '<unknown>',
    ],
  };
}

export const nodePrinter: Printer = {
  columns: [
    nameColumn(),
    column('Status', 'string', 'The status of the node'),
    column('Roles', 'string', 'The roles of the node'),
    ageColumn(),
    column('Version', 'string', 'Kubelet Version reported by the node.'),
    column('Internal-IP', 'string', 'List of addresses reachable to the node.', { priority: 1 }),
    column('External-IP', 'string', 'List of addresses reachable to the node.', { priority: 1 }),
    column('OS-Image', 'string', 'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).', { priority: 1 }),
    column('Kernel-Version', 'string', "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", { priority: 1 }),
    column('Container-Runtime', 'string', 'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).', { priority: 1 }),
  ],
  print: printNode,
};
