// A device that boots before its server keeps trying to join (with backoff)
// instead of exiting: the agent starts against a port where nothing listens
// yet, and joins as soon as the broker becomes reachable there.

import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAgent, type RunningAgent } from '../../agent/agent.js';
import { NODE, startFixture, waitFor, type Fixture } from '../server/broker/fixture.js';
import { freePort } from '../helpers/port.js';

let f: Fixture;
let dir: string;
let relay: Server | undefined;
const sockets: Socket[] = [];
let agent: RunningAgent | undefined;

before(async () => {
  f = await startFixture();
  dir = await mkdtemp(join(tmpdir(), 'ep-join-retry-'));
});
after(async () => {
  await agent?.close();
  for (const s of sockets) s.destroy();
  relay?.close();
  await f.dispose();
  await rm(dir, { recursive: true, force: true });
});

it('retries the join until the server is reachable, then joins', async () => {
  const port = await freePort();
  const logs: string[] = [];
  const starting = startAgent({ server: `127.0.0.1:${port}`, token: f.joinToken, nodeName: 'late-server', dataDir: dir, joinRetryMaxMs: 500, log: (m) => logs.push(m) });
  await waitFor(async () => logs.some((l) => /join: .*retrying/.test(l)) || undefined, 'a failed join attempt', 30_000);
  // the "server" comes up on that port (a relay to the real broker)
  relay = createServer((down) => {
    const up = connect(f.mqttPort, '127.0.0.1');
    sockets.push(down, up);
    down.on('error', () => undefined);
    up.on('error', () => undefined);
    down.pipe(up).pipe(down);
  });
  await new Promise<void>((r) => relay!.listen(port, '127.0.0.1', () => r()));
  agent = await starting;
  assert.equal(agent.nodeName, 'late-server');
  const node = await waitFor(async () => (await f.server.registry.get(NODE, '', 'late-server').catch(() => undefined)) as any, 'node registered', 30_000);
  assert.match(node.spec.podCIDR, /^10\.42\./);
});
