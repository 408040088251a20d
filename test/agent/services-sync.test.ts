// ServicesSync: documents reach the consumers, the newest is saved for the next boot.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServicesSync } from '../../agent/services-sync.js';
import type { ClusterServices } from '../../shared/mqtt/cluster-services.js';

function doc(revision: number, clusterIP: string): ClusterServices {
  return {
    revision,
    serviceCIDR: '10.43.0.0/16',
    clusterDNS: '10.43.0.10',
    clusterDomain: 'cluster.local',
    services: [{ namespace: 'default', name: 'web', type: 'ClusterIP', clusterIP, ports: [{ name: '', port: 80, protocol: 'TCP', targetPort: 8080 }], sessionAffinity: 'None', affinityTimeoutSeconds: 10800, endpoints: [] }],
    nodes: [],
  } as unknown as ClusterServices;
}

describe('ServicesSync', () => {
  const dirs: string[] = [];
  after(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });
  const dir = async () => {
    const d = await mkdtemp(join(tmpdir(), 'ep-services-sync-'));
    dirs.push(d);
    return d;
  };

  it('applies a document even when it cannot be saved (the disk copy is only for the next boot)', async () => {
    const seen: string[] = [];
    const logs: string[] = [];
    const sync = new ServicesSync(join(await dir(), 'missing', 'dir'), [(cs) => void seen.push(cs.services[0]!.clusterIP!)], (m) => logs.push(m));
    await sync.accept(JSON.stringify(doc(1, '10.43.0.20')));
    await sync.idle();
    assert.deepEqual(seen, ['10.43.0.20']);
    assert.match(logs.join('\n'), /cannot save service data/);
    sync.close();
  });

  it('hands the document to consumers before its save completes', async () => {
    let appliedBeforeSave = false;
    const d = await dir();
    const sync = new ServicesSync(d, [
      async () => {
        // the consumer runs while accept() is still saving: the file does not hold this document yet
        appliedBeforeSave = !(await readFile(join(d, 'services.json'), 'utf8').catch(() => '')).includes('10.43.0.21');
      },
    ]);
    await sync.accept(JSON.stringify(doc(1, '10.43.0.21')));
    await sync.idle();
    assert.equal(appliedBeforeSave, true);
    sync.close();
  });

  it('saves the newest of overlapping documents, and a new instance loads it', async () => {
    const d = await dir();
    const sync = new ServicesSync(d, []);
    await Promise.all([1, 2, 3, 4].map((i) => sync.accept(JSON.stringify(doc(i, `10.43.0.${30 + i}`)))));
    await sync.idle();
    sync.close();
    const seen: string[] = [];
    const again = new ServicesSync(d, [(cs) => void seen.push(cs.services[0]!.clusterIP!)]);
    const loaded = await again.load();
    await again.idle();
    assert.equal(loaded?.services[0]?.clusterIP, '10.43.0.34');
    assert.deepEqual(seen, ['10.43.0.34']);
    again.close();
  });

  it('does not re-apply a document whose content is unchanged (a new revision alone)', async () => {
    let applied = 0;
    const sync = new ServicesSync(await dir(), [() => void applied++]);
    await sync.accept(JSON.stringify(doc(1, '10.43.0.40')));
    await sync.idle();
    await sync.accept(JSON.stringify(doc(2, '10.43.0.40')));
    await sync.idle();
    assert.equal(applied, 1);
    sync.close();
  });
});
