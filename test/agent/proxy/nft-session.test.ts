// The long-lived `nft -i` session, for real inside a test netns: one line is
// one atomic transaction, failures are reported and change nothing, and a
// session that dies is restarted on the next apply.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isFlatScript, NftSession } from '../../../agent/proxy/nft-session.js';
import { NftCli } from '../../../agent/proxy/nft.js';
import { createTestNode, type TestNode } from '../../helpers/netns.js';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('nft -i session (in a test netns)', () => {
  let node: TestNode;
  let session: NftSession;
  let cli: NftCli;
  before(async () => {
    node = await createTestNode();
    session = new NftSession(['ip', ['netns', 'exec', node.name, 'nft']]);
    cli = new NftCli({ netns: node.name, session: false });
  });
  after(async () => {
    session?.close();
    await node.destroy();
  });

  it('flat scripts only: table blocks and `;` go to nft -f', () => {
    assert.equal(isFlatScript('add element ip t s { 1.2.3.4 }\nflush chain ip t c\n'), true);
    assert.equal(isFlatScript('table ip t {\n\tchain c {\n\t}\n}\n'), false);
    assert.equal(isFlatScript('add chain ip t c { type nat hook output priority -100; }\n'), false);
  });

  it('applies a multi-command script as one transaction', async () => {
    await session.apply('add table ip s1\nadd chain ip s1 c\nadd set ip s1 x { type ipv4_addr; }\n');
    await session.apply('add element ip s1 x { 192.0.2.1 }\nadd rule ip s1 c ip saddr @x counter\n');
    const t = (await cli.listTable('ip', 's1'))!;
    assert.match(t, /192\.0\.2\.1/);
    assert.match(t, /ip saddr @x counter/);
  });

  it('a failing command rejects the whole transaction, and the next one works', async () => {
    await assert.rejects(session.apply('add element ip s1 x { 192.0.2.2 }\nadd rule ip s1 nosuchchain counter\n'), (e: Error & { code?: string }) => {
      assert.equal(e.code, 'NftApplyFailed');
      assert.match(e.message, /No such file or directory/);
      return true;
    });
    await assert.rejects(session.apply('add element ip s1 x { 192.0.2.3 }\nadd rule ip s1 c bogus syntax\n'), { code: 'NftApplyFailed' });
    assert.doesNotMatch((await cli.listTable('ip', 's1'))!, /192\.0\.2\.[23]/);
    await session.apply('add element ip s1 x { 192.0.2.4 }\n');
    assert.match((await cli.listTable('ip', 's1'))!, /192\.0\.2\.4/);
  });

  it('concurrent applies are serialized, each answered by its own sentinel', async () => {
    await Promise.all(Array.from({ length: 10 }, (_, i) => session.apply(`add element ip s1 x { 198.51.100.${i + 1} }\n`)));
    const t = (await cli.listTable('ip', 's1'))!;
    for (let i = 1; i <= 10; i++) assert.match(t, new RegExp(`198\\.51\\.100\\.${i}[,\\s}]`));
  });

  it('a killed nft fails nothing silently: the next apply starts a new session', async () => {
    const pid = session.pid!;
    process.kill(pid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(session.pid, undefined);
    await session.apply('add element ip s1 x { 192.0.2.9 }\n');
    assert.notEqual(session.pid, pid);
    assert.match((await cli.listTable('ip', 's1'))!, /192\.0\.2\.9/);
    await cli.deleteTable('ip', 's1');
  });

  it('NftCli falls back to nft -f when nft cannot run interactively', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ep-nft-'));
    try {
      const bin = join(dir, 'nft-no-i');
      writeFileSync(bin, '#!/bin/sh\n[ "$1" = "-i" ] && { echo "interactive CLI not supported" >&2; exit 1; }\nexec nft "$@"\n');
      chmodSync(bin, 0o755);
      const fallback = new NftCli({ netns: node.name, bin });
      await fallback.apply('add table ip s2\nadd set ip s2 x { type ipv4_addr; }\n');
      await fallback.apply('add element ip s2 x { 192.0.2.5 }\n');
      assert.match((await cli.listTable('ip', 's2'))!, /192\.0\.2\.5/);
      await assert.rejects(fallback.apply('add element ip s2 nosuchset { 192.0.2.6 }\n'), { code: 'NftApplyFailed' });
      fallback.close();
      await cli.deleteTable('ip', 's2');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
