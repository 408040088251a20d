// ServicesSync: the saved copy (edge autonomy), the server's document winning
// over it, apply before save, coalesced saves, and retry with back-off of a
// failing consumer.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServicesSync } from '../../agent/services-sync.js';
import type { ClusterServices } from '../../shared/mqtt/cluster-services.js';

const doc = (revision: number, clusterDNS = '10.43.0.10'): ClusterServices => ({
  revision,
  serviceCIDR: '10.43.0.0/16',
  clusterDNS,
  clusterDomain: 'cluster.local',
  services: [],
  nodes: [],
});

const withService = (revision: number, clusterIP: string): ClusterServices => ({
  ...doc(revision),
  services: [{ namespace: 'default', name: 'web', type: 'ClusterIP', clusterIP, ports: [{ name: '', port: 80, protocol: 'TCP' }], sessionAffinity: 'None', affinityTimeoutSeconds: 10800, endpoints: [] }],
});

const until = async (check: () => boolean, what: string) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(check(), what);
};

describe('ServicesSync', () => {
  const dirs: string[] = [];
  const dir = async () => {
    const d = await mkdtemp(join(tmpdir(), 'ep-svcsync-'));
    dirs.push(d);
    return d;
  };
  after(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('applies the saved copy at start and saves what the server sends, only when its content changes', async () => {
    const d = await dir();
    await writeFile(join(d, 'services.json'), JSON.stringify(doc(1, '10.43.0.53')));
    const seen: string[] = [];
    const s = new ServicesSync(d, [(cs) => void seen.push(cs.clusterDNS)]);
    assert.equal((await s.load())?.clusterDNS, '10.43.0.53');
    await s.idle();
    assert.deepEqual(seen, ['10.43.0.53']);
    await s.accept(JSON.stringify(doc(2)));
    await s.idle();
    assert.deepEqual(seen, ['10.43.0.53', '10.43.0.10']);
    assert.equal(JSON.parse(await readFile(join(d, 'services.json'), 'utf8')).clusterDNS, '10.43.0.10');
    await s.accept(JSON.stringify(doc(3))); // only the revision differs (e.g. a server restart)
    await s.idle();
    assert.equal(seen.length, 2);
    await s.accept('{"not":"a document"}');
    assert.equal(s.current?.revision, 3, 'malformed documents are dropped');
    s.close();
  });

  it('a document from the server that arrived first is not replaced by the saved copy', async () => {
    const d = await dir();
    await writeFile(join(d, 'services.json'), JSON.stringify(doc(1, '10.43.0.53')));
    const seen: string[] = [];
    const s = new ServicesSync(d, [(cs) => void seen.push(cs.clusterDNS)]);
    await s.accept(JSON.stringify(doc(7)));
    assert.equal((await s.load())?.revision, 7);
    await s.idle();
    assert.deepEqual(seen, ['10.43.0.10']);
    s.close();
  });

  it('retries a failing consumer with back-off, logs the same failure once, and applies a new document at once', async () => {
    const d = await dir();
    const logs: string[] = [];
    let calls = 0;
    let ok = 0;
    const s = new ServicesSync(
      d,
      [
        () => {
          calls++;
          if (calls <= 3) throw new Error('no bridge yet');
        },
        () => void ok++,
      ],
      (m) => logs.push(m),
      20,
    );
    await s.accept(JSON.stringify(doc(1)));
    await until(() => calls >= 4, 'retried until it succeeds');
    assert.deepEqual(logs, ['service data: no bridge yet']);
    assert.equal(ok, calls, 'the other consumer ran every time: consumers are independent');
    s.close();
  });

  it('applies a document even when it cannot be saved (the disk copy is only for the next boot)', async () => {
    const seen: string[] = [];
    const logs: string[] = [];
    const sync = new ServicesSync(join(await dir(), 'missing', 'dir'), [(cs) => void seen.push(cs.services[0]!.clusterIP!)], (m) => logs.push(m));
    await sync.accept(JSON.stringify(withService(1, '10.43.0.20')));
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
    await sync.accept(JSON.stringify(withService(1, '10.43.0.21')));
    await sync.idle();
    assert.equal(appliedBeforeSave, true);
    sync.close();
  });

  it('saves the newest of overlapping documents, and a new instance loads it', async () => {
    const d = await dir();
    const sync = new ServicesSync(d, []);
    await Promise.all([1, 2, 3, 4].map((i) => sync.accept(JSON.stringify(withService(i, `10.43.0.${30 + i}`)))));
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
});
