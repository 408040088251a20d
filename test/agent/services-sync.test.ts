// ServicesSync: the saved copy (edge autonomy), the server's document winning
// over it, and retry with back-off of a failing consumer.
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
});
