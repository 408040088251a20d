// The image platform resolver against a real registry (Debian's
// docker-registry on loopback): an index with two platforms, a single-platform
// manifest, a missing tag, Bearer token auth, an unreachable registry.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ImagePlatformResolver, parseChallenge } from '../../../server/scheduler/image-platforms.js';
import { pushImage, pushIndex, startTestRegistry, type TestRegistry } from '../../helpers/registry.js';
import { freePort } from '../../helpers/port.js';

const byArch = (a: { architecture: string }, b: { architecture: string }) => a.architecture.localeCompare(b.architecture);

describe('image platform resolver (anonymous registry)', () => {
  let reg: TestRegistry;
  before(async () => {
    reg = await startTestRegistry();
    await pushIndex(reg, 'edge/app', 'multi', [
      { os: 'linux', architecture: 'amd64' },
      { os: 'linux', architecture: 'arm64', variant: 'v8' },
    ]);
    await pushImage(reg, 'edge/app', 'linux', 'amd64', 'amd64only');
  });
  after(async () => {
    await reg?.dispose();
  });

  it('reads the platforms of an image index', async () => {
    const r = new ImagePlatformResolver();
    const p = await r.resolve(`${reg.host}/edge/app:multi`, 5000);
    assert.deepEqual(p?.sort(byArch), [
      { os: 'linux', architecture: 'amd64' },
      { os: 'linux', architecture: 'arm64', variant: 'v8' },
    ]);
  });

  it('reads the platform of a single manifest from its config blob', async () => {
    const r = new ImagePlatformResolver();
    assert.deepEqual(await r.resolve(`${reg.host}/edge/app:amd64only`, 5000), [{ os: 'linux', architecture: 'amd64' }]);
  });

  it('caches results until the TTL ends', async () => {
    let t = 1_000_000;
    let calls = 0;
    const counting: typeof fetch = (input, init) => {
      calls++;
      return fetch(input, init);
    };
    const r = new ImagePlatformResolver({ now: () => t, ttlMs: 60_000, fetch: counting });
    await r.resolve(`${reg.host}/edge/app:multi`, 5000);
    const first = calls;
    assert.ok(first >= 1);
    await r.resolve(`${reg.host}/edge/app:multi`, 5000);
    assert.equal(calls, first, 'second lookup served from the cache');
    assert.ok(r.peek(`${reg.host}/edge/app:multi`));
    t += 61_000;
    await r.resolve(`${reg.host}/edge/app:multi`, 5000);
    assert.ok(calls > first, 'looked up again after the TTL');
  });

  it('a missing tag is unknown (allowed), and remembered as such', async () => {
    const logs: string[] = [];
    const r = new ImagePlatformResolver({ log: (m) => logs.push(m) });
    assert.equal(await r.resolve(`${reg.host}/edge/app:nope`, 5000), undefined);
    assert.match(logs.join('\n'), /not found/);
    assert.equal(r.peek(`${reg.host}/edge/app:nope`), undefined);
  });

  it('an unreachable registry is unknown, within the budget', async () => {
    const port = await freePort();
    const r = new ImagePlatformResolver({ requestTimeoutMs: 2000 });
    assert.equal(await r.resolve(`127.0.0.1:${port}/edge/app:multi`, 3000), undefined);
  });

  it('registries outside the allow-list are not asked', async () => {
    let calls = 0;
    const r = new ImagePlatformResolver({ allowRegistry: () => false, fetch: (i, n) => (calls++, fetch(i, n)) });
    assert.equal(await r.resolve(`${reg.host}/edge/app:multi`, 5000), undefined);
    assert.equal(calls, 0);
  });
});

describe('image platform resolver (Bearer token auth)', () => {
  let reg: TestRegistry;
  before(async () => {
    reg = await startTestRegistry({ tokenAuth: true });
    await pushIndex(reg, 'edge/secure', 'v1', [
      { os: 'linux', architecture: 'arm64' },
      { os: 'linux', architecture: 'arm', variant: 'v7' },
    ]);
  });
  after(async () => {
    await reg?.dispose();
  });

  it('answers the 401 challenge with a token and reads the index', async () => {
    const anonymous = await fetch(`http://${reg.host}/v2/edge/secure/manifests/v1`);
    await anonymous.body?.cancel();
    assert.equal(anonymous.status, 401);
    const ch = parseChallenge(anonymous.headers.get('www-authenticate'));
    assert.equal(ch?.scheme, 'bearer');
    assert.equal(ch?.params.scope, 'repository:edge/secure:pull');
    const before = reg.tokenRequests.length;
    const r = new ImagePlatformResolver();
    const p = await r.resolve(`${reg.host}/edge/secure:v1`, 5000);
    assert.deepEqual(p?.sort(byArch), [
      { os: 'linux', architecture: 'arm', variant: 'v7' },
      { os: 'linux', architecture: 'arm64' },
    ]);
    const asked = reg.tokenRequests.slice(before);
    assert.equal(asked.length, 1);
    assert.match(decodeURIComponent(asked[0]), /scope=repository:edge\/secure:pull/);
    assert.match(asked[0], /service=edgeplane-test-registry/);
  });
});

describe('challenge parsing', () => {
  it('parses quoted and bare parameters', () => {
    assert.deepEqual(parseChallenge('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull"'), {
      scheme: 'bearer',
      params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/nginx:pull' },
    });
    assert.equal(parseChallenge(null), undefined);
  });
});
