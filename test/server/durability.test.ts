// Issue #2: "start the server, fire 1,000 concurrent creates, kill -9 it at a
// random moment, restart; every create that got a 2xx is present, the file
// loads; repeat several times."

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { Agent } from 'node:https';
import { startServer, tempDir, api, openRequest, type ServerHandle } from '../helpers/server.js';

const ROUNDS = 5;
const CREATES = 1000;

async function post(s: ServerHandle, agent: Agent, name: string): Promise<number> {
  const body = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { k: name } });
  try {
    const res = await openRequest(s, 'POST', '/api/v1/namespaces/default/configmaps', body, { agent });
    res.resume();
    await new Promise((resolve) => {
      res.on('end', resolve);
      res.on('error', resolve);
      res.on('close', resolve);
    });
    // a response cut off by the kill is not an acknowledgement
    return res.complete ? (res.statusCode ?? 0) : 0;
  } catch {
    return 0; // the server died under us: not acknowledged
  }
}

describe('durability under kill -9', () => {
  it(`never loses an acknowledged create (${ROUNDS} rounds of ${CREATES} concurrent creates)`, async (t) => {
    const dataDir = await tempDir('edgeplane-durability-');
    const acked = new Set<string>();
    let killedMidStream = 0;
    try {
      for (let round = 0; round < ROUNDS; round++) {
        const s = await startServer({ dataDir });
        // everything acknowledged in earlier rounds survived the kill
        const list = await api(s, 'GET', '/api/v1/namespaces/default/configmaps');
        assert.equal(list.status, 200);
        const present = new Set(list.body.items.map((o: any) => o.metadata.name));
        for (const name of acked) assert.ok(present.has(name), `acknowledged create ${name} lost`);

        const agent = new Agent({ keepAlive: true, maxSockets: 100 });
        const inflight: Promise<void>[] = [];
        const ackedBefore = acked.size;
        // kill after a random number of acknowledgements, so the kill lands
        // while hundreds of creates are in flight (some mid-commit)
        const killAfter = 1 + Math.floor(Math.random() * (CREATES * 0.8));
        let reached!: () => void;
        const killPoint = new Promise<void>((r) => (reached = r));
        for (let i = 0; i < CREATES; i++) {
          const name = `r${round}-c${i}`;
          inflight.push(
            post(s, agent, name).then((code) => {
              if (code === 201) acked.add(name);
              if (acked.size - ackedBefore >= killAfter) reached();
            }),
          );
        }
        await Promise.race([killPoint, Promise.all(inflight)]);
        await s.kill();
        await Promise.all(inflight);
        agent.destroy();
        const roundAcked = acked.size - ackedBefore;
        if (roundAcked < CREATES) killedMidStream++;
        t.diagnostic(`round ${round}: ${roundAcked}/${CREATES} creates acknowledged before kill -9`);
      }
      const s = await startServer({ dataDir });
      try {
        const list = await api(s, 'GET', '/api/v1/namespaces/default/configmaps');
        const present = new Set(list.body.items.map((o: any) => o.metadata.name));
        for (const name of acked) assert.ok(present.has(name), `acknowledged create ${name} lost`);
        assert.ok(acked.size > 0, 'some creates were acknowledged before the kills');
        assert.ok(killedMidStream > 0, 'at least one kill landed while creates were in flight');
      } finally {
        await s.stop();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
