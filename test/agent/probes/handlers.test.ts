// httpGet and tcpSocket probes against real listeners on loopback.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_BODY_BYTES, PROBE_USER_AGENT, probeHttp } from '../../../agent/probes/http.js';
import { probeTcp } from '../../../agent/probes/tcp.js';
import { resolvePort, runProbe } from '../../../agent/probes/run.js';
import { generateServingCert } from '../../../server/tls/generate.js';

const HOST = '127.0.0.1';
const portOf = (s: { address(): AddressInfo | string | null }) => (s.address() as AddressInfo).port;

function routes(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://x');
  switch (url.pathname) {
    case '/ok':
      res.end('fine');
      return;
    case '/nocontent':
      res.writeHead(204).end();
      return;
    case '/fail':
      res.writeHead(500).end('boom');
      return;
    case '/missing':
      res.writeHead(404).end();
      return;
    case '/redirect':
      res.writeHead(302, { location: '/ok' }).end();
      return;
    case '/redirect-to-fail':
      res.writeHead(301, { location: '/fail' }).end();
      return;
    case '/redirect-away':
      // Another host name: kubelet does not follow it (nothing is sent there).
      res.writeHead(302, { location: `http://elsewhere.invalid:${req.socket.localPort}/ok` }).end('moved');
      return;
    case '/loop':
      res.writeHead(302, { location: `/loop?n=${Number(url.searchParams.get('n') ?? 0) + 1}` }).end();
      return;
    case '/big':
      res.end('x'.repeat(100 * 1024));
      return;
    case '/headers':
      res.end(JSON.stringify({ ua: req.headers['user-agent'], host: req.headers.host, custom: req.headers['x-custom'], accept: req.headers.accept, q: url.search }));
      return;
    case '/slow':
      return; // never answers
    default:
      res.writeHead(404).end();
  }
}

describe('httpGet probe', () => {
  let http: Server;
  let https: Server;
  let port: number;
  let tlsPort: number;
  let dir: string;

  before(async () => {
    http = createServer(routes);
    await new Promise<void>((r) => http.listen(0, HOST, r));
    port = portOf(http);
    dir = await mkdtemp(join(tmpdir(), 'ep-probe-tls-'));
    // Signed by a CA the prober does not know: kubelet probes skip verification.
    await generateServingCert(dir, { dns: ['localhost'], ips: [HOST] });
    https = createHttpsServer({ key: await readFile(join(dir, 'server.key')), cert: await readFile(join(dir, 'server.crt')) }, routes);
    await new Promise<void>((r) => https.listen(0, HOST, r));
    tlsPort = portOf(https);
  });
  after(async () => {
    http.closeAllConnections();
    https.closeAllConnections();
    await new Promise((r) => http.close(r));
    await new Promise((r) => https.close(r));
    await rm(dir, { recursive: true, force: true });
  });

  const get = (path: string, timeoutMs = 2000, extra = {}) => probeHttp({ scheme: 'http', host: HOST, port, path, ...extra }, timeoutMs);

  it('succeeds for 2xx and 3xx, fails otherwise with the status code', async () => {
    assert.deepEqual(await get('/ok'), { result: 'success', output: 'fine' });
    assert.equal((await get('/nocontent')).result, 'success');
    assert.deepEqual(await get('/fail'), { result: 'failure', output: 'HTTP probe failed with statuscode: 500' });
    assert.deepEqual(await get('/missing'), { result: 'failure', output: 'HTTP probe failed with statuscode: 404' });
  });

  it('follows redirects on the same host, not to another host, and at most 10', async () => {
    assert.deepEqual(await get('/redirect'), { result: 'success', output: 'fine' });
    assert.equal((await get('/redirect-to-fail')).output, 'HTTP probe failed with statuscode: 500');
    const away = await get('/redirect-away');
    assert.equal(away.result, 'success');
    assert.match(away.output, /^Probe terminated redirects, Response body: moved/);
    const loop = await get('/loop');
    assert.equal(loop.result, 'failure');
    assert.match(loop.output, /stopped after 10 redirects/);
  });

  it('reads at most 10 KiB of the body', async () => {
    const r = await get('/big');
    assert.equal(r.result, 'success');
    assert.equal(r.output.length, MAX_BODY_BYTES);
  });

  it('sends kubelet headers, custom headers (Host too) and the query', async () => {
    const r = JSON.parse((await get('/headers?a=1')).output);
    assert.equal(r.ua, PROBE_USER_AGENT);
    assert.equal(r.accept, '*/*');
    assert.equal(r.host, `${HOST}:${port}`);
    assert.equal(r.q, '?a=1');
    const c = JSON.parse((await get('/headers', 2000, { headers: [{ name: 'X-Custom', value: 'v' }, { name: 'Host', value: 'app.example' }, { name: 'User-Agent', value: 'mine' }] })).output);
    assert.deepEqual([c.custom, c.host, c.ua], ['v', 'app.example', 'mine']);
  });

  it('a timeout is a failure', async () => {
    const r = await get('/slow', 200);
    assert.equal(r.result, 'failure');
    assert.match(r.output, /Client\.Timeout exceeded/);
  });

  it('a refused connection is a failure', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, HOST, r));
    const p = portOf(closed);
    await new Promise((r) => closed.close(r));
    const r = await probeHttp({ scheme: 'http', host: HOST, port: p, path: '/' }, 1000);
    assert.equal(r.result, 'failure');
    assert.match(r.output, /connection refused/);
  });

  it('https without certificate verification', async () => {
    const r = await probeHttp({ scheme: 'https', host: HOST, port: tlsPort, path: '/ok' }, 2000);
    assert.deepEqual(r, { result: 'success', output: 'fine' });
    assert.equal((await probeHttp({ scheme: 'https', host: HOST, port: tlsPort, path: '/fail' }, 2000)).result, 'failure');
  });

  it('runProbe: default host is the pod IP, port by name from the container ports, scheme case-insensitive', async () => {
    const target = { containerId: 'c1', podIP: HOST, ports: [{ name: 'web', containerPort: port }, { name: 'tls', containerPort: tlsPort }] };
    assert.equal((await runProbe({ httpGet: { port: 'web', path: '/ok' } }, 1000, target)).result, 'success');
    assert.equal((await runProbe({ httpGet: { port: 'tls', path: '/ok', scheme: 'HTTPS' } }, 1000, target)).result, 'success');
    assert.equal((await runProbe({ httpGet: { port, path: '/fail' } }, 1000, target)).result, 'failure');
    const unknown = await runProbe({ httpGet: { port: 'nope', path: '/ok' } }, 1000, target);
    assert.equal(unknown.result, 'unknown');
    assert.match(unknown.output, /couldn't find port "nope"/);
    assert.equal((await runProbe({ tcpSocket: { port: 'web' } }, 1000, target)).result, 'success');
    assert.equal((await runProbe({ httpGet: { port, path: '/ok' } }, 1000, { containerId: 'c1' })).result, 'unknown');
    assert.equal((await runProbe({ exec: { command: ['true'] } }, 1000, target)).result, 'unknown', 'no runtime, no exec');
  });
});

describe('tcpSocket probe', () => {
  it('succeeds when a listener accepts, fails with connection refused otherwise', async () => {
    const srv = createTcpServer((s) => s.end());
    await new Promise<void>((r) => srv.listen(0, HOST, r));
    const port = portOf(srv);
    try {
      assert.deepEqual(await probeTcp(HOST, port, 1000), { result: 'success', output: '' });
    } finally {
      await new Promise((r) => srv.close(r));
    }
    assert.deepEqual(await probeTcp(HOST, port, 1000), { result: 'failure', output: `dial tcp ${HOST}:${port}: connect: connection refused` });
  });
});

describe('resolvePort', () => {
  it('numbers, numeric strings and names; errors for unknown names and bad numbers', () => {
    const ports = [{ name: 'http', containerPort: 8080 }];
    assert.equal(resolvePort(80, ports), 80);
    assert.equal(resolvePort('http', ports), 8080);
    assert.equal(resolvePort('8081', ports), 8081);
    assert.match(String(resolvePort('grpc', ports)), /couldn't find port/);
    assert.match(String(resolvePort(70000, ports)), /invalid port/);
  });
});
