// Deployment revisions as kubectl reads them: the ReplicaSets the Deployment
// controls, keyed by their deployment.kubernetes.io/revision annotation.

import type { KubeList, KubeObject } from '../../shared/api/object.js';
import type { ApiClient } from '../client.js';
import { DescribeWriter } from '../describe/writer.js';
import { writePodTemplate } from '../describe/deployment.js';
import { TabWriter } from '../tabwriter.js';
import { KINDS } from '../../shared/api/kinds.js';
import { resourcePath } from '../paths.js';

export const REVISION = 'deployment.kubernetes.io/revision';
export const CHANGE_CAUSE = 'kubernetes.io/change-cause';
export const HASH_LABEL = 'pod-template-hash';
const REPLICASET = KINDS.find((k) => k.kind === 'ReplicaSet')!;

export function revisionOf(rs: KubeObject): number | undefined {
  const v = Number(rs.metadata.annotations?.[REVISION]);
  return Number.isInteger(v) && v > 0 ? v : undefined;
}

/** the ReplicaSets whose controller is the Deployment */
export async function ownedReplicaSets(client: ApiClient, d: KubeObject): Promise<KubeObject[]> {
  const list = await client.get<KubeList>(resourcePath(REPLICASET, d.metadata.namespace));
  return (list.items ?? []).filter((rs) => rs.metadata.ownerReferences?.some((o) => o.controller && o.uid === d.metadata.uid));
}

/** `REVISION  CHANGE-CAUSE` table (kubectl's tabbedString: padding 2) */
export function historyTable(rss: KubeObject[]): string {
  const byRevision = new Map<number, KubeObject>();
  for (const rs of rss) {
    const r = revisionOf(rs);
    if (r !== undefined) byRevision.set(r, rs);
  }
  const tw = new TabWriter({ minWidth: 0, padding: 2 });
  tw.write('REVISION\tCHANGE-CAUSE\n');
  for (const r of [...byRevision.keys()].sort((a, b) => a - b)) {
    tw.write(`${r}\t${byRevision.get(r)!.metadata.annotations?.[CHANGE_CAUSE] || '<none>'}\n`);
  }
  return tw.flush();
}

/** the Pod Template block of `rollout history --revision N` */
export function revisionTemplate(rs: KubeObject): string {
  const w = new DescribeWriter();
  const template = structuredClone(rs.spec?.template ?? {});
  const ann = rs.metadata.annotations?.[CHANGE_CAUSE];
  if (ann) template.metadata = { ...(template.metadata ?? {}), annotations: { ...(template.metadata?.annotations ?? {}), [CHANGE_CAUSE]: ann } };
  writePodTemplate(w, template);
  return w.text();
}
