// What edgectl puts on the wire, checked against a scripted HTTP server (the
// plain-http/fetch transport; the real server in the e2e tests speaks https):
// headers, query parameters, bodies, and the watch relist after a 410.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDir } from '../helpers/server.js';
import { edgectl, startEdgectl } from './run.js';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}
type Handler = (req: Seen, res: ServerResponse) => void;

let server: Server;
let kubeconfig: string;
let seen: Seen[] = [];
let handler: Handler = (_req, res) => res.writeHead(500).end();

before(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const s = { method: req.method!, url: req.url!, headers: req.headers, body };
      seen.push(s);
      handler(s, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const dir = await tempDir('edgectl-proto-');
  kubeconfig = join(dir, 'kubeconfig');
  const port = (server.address() as { port: number }).port;
  await writeFile(
    kubeconfig,
    `clusters: [{name: c, cluster: {server: "http://127.0.0.1:${port}"}}]\nusers: [{name: u, user: {token: sekret}}]\ncontexts: [{name: x, context: {cluster: c, user: u, namespace: ns1}}]\ncurrent-context: x\n`,
  );
});
after(() => {
  server.close();
  server.closeAllConnections?.();
});

function json(res: ServerResponse, code: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(code, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}
const notFound = (what: string) => ({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'NotFound', message: `${what} not found`, code: 404 });
const run = (args: string[], stdin?: string) => {
  seen = [];
  return edgectl(args, { kubeconfig, stdin });
};

test('apply create: GET, then POST with the last-applied annotation, strict field validation, bearer token', async () => {
  handler = (req, res) => (req.method === 'GET' ? json(res, 404, notFound('configmaps "c"')) : json(res, 201, JSON.parse(req.body)));
  const r = await run(['apply', '-f', '-'], 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  k: v\n');
  assert.equal(r.stderr, '');
  assert.equal(r.stdout, 'configmap/c created\n');
  assert.deepEqual(
    seen.map((s) => `${s.method} ${s.url}`),
    ['GET /api/v1/namespaces/ns1/configmaps/c', 'POST /api/v1/namespaces/ns1/configmaps?fieldValidation=Strict'],
  );
  assert.equal(seen[1].headers.authorization, 'Bearer sekret');
  assert.equal(seen[1].headers['content-type'], 'application/json');
  assert.match(String(seen[1].headers['user-agent']), /^edgectl\/v\d+\.\d+\.\d+ \(\w+\/\w+\)$/);
  const posted = JSON.parse(seen[1].body);
  assert.equal(posted.metadata.namespace, 'ns1');
  assert.equal(
    posted.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'],
    '{"apiVersion":"v1","data":{"k":"v"},"kind":"ConfigMap","metadata":{"annotations":{},"name":"c","namespace":"ns1"}}\n',
  );
});

test('apply update: a merge patch that deletes what left the config; server warnings go to stderr', async () => {
  const last = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'ns1' }, data: { k: 'v', gone: 'x' } };
  const live = {
    ...last,
    metadata: { ...last.metadata, uid: 'u', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify(last) + '\n', other: 'o' } },
  };
  handler = (req, res) =>
    req.method === 'GET' ? json(res, 200, live) : json(res, 200, live, { warning: '299 - "unknown field \\"data.extra\\""' });
  const r = await run(['apply', '-f', '-'], 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  k: v2\n');
  assert.equal(r.stdout, 'configmap/c configured\n');
  assert.equal(r.stderr, 'Warning: unknown field "data.extra"\n');
  const patch = seen[1];
  assert.equal(`${patch.method} ${patch.url}`, 'PATCH /api/v1/namespaces/ns1/configmaps/c?fieldValidation=Strict');
  assert.equal(patch.headers['content-type'], 'application/merge-patch+json');
  assert.deepEqual(JSON.parse(patch.body), {
    data: { gone: null, k: 'v2' },
    metadata: {
      annotations: {
        'kubectl.kubernetes.io/last-applied-configuration': '{"apiVersion":"v1","data":{"k":"v2"},"kind":"ConfigMap","metadata":{"annotations":{},"name":"c","namespace":"ns1"}}\n',
      },
    },
  });
});

test('delete sends DeleteOptions with the propagation policy', async () => {
  handler = (req, res) => json(res, 200, { kind: 'Status', apiVersion: 'v1', status: 'Success', code: 200 });
  const r = await run(['delete', 'deploy', 'web', '--cascade=foreground', '--grace-period=5']);
  assert.equal(r.stdout, 'deployment.apps "web" deleted\n');
  assert.equal(`${seen[0].method} ${seen[0].url}`, 'DELETE /apis/apps/v1/namespaces/ns1/deployments/web');
  assert.deepEqual(JSON.parse(seen[0].body), { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Foreground', gracePeriodSeconds: 5 });
});

const table = (rv: string, rows: Array<[string, string]>, withColumns = true) => ({
  kind: 'Table',
  apiVersion: 'meta.k8s.io/v1',
  metadata: { resourceVersion: rv },
  ...(withColumns ? { columnDefinitions: [{ name: 'Name', type: 'string', format: 'name' }, { name: 'Data', type: 'integer' }] } : {}),
  rows: rows.map(([name, objRv]) => ({ cells: [name, 1], object: { kind: 'PartialObjectMetadata', metadata: { name, namespace: 'ns1', uid: `uid-${name}`, resourceVersion: objRv } } })),
});

test('get asks for a Table the way kubectl does, with the selectors as query parameters', async () => {
  handler = (_req, res) => json(res, 200, table('7', [['a', '5']]));
  const r = await run(['get', 'cm', '-l', 'app=x', '--field-selector', 'metadata.name=a']);
  assert.equal(r.stdout, 'NAME   DATA\na      1\n');
  assert.equal(seen[0].headers.accept, 'application/json;as=Table;g=meta.k8s.io;v=v1,application/json');
  const url = new URL(seen[0].url, 'http://x');
  assert.equal(url.pathname, '/api/v1/namespaces/ns1/configmaps');
  assert.equal(url.searchParams.get('labelSelector'), 'app=x');
  assert.equal(url.searchParams.get('fieldSelector'), 'metadata.name=a');
});

test('get -w: a 410 Expired ends the watch; edgectl lists again and prints only what changed', async () => {
  let watches = 0;
  handler = (req, res) => {
    const url = new URL(req.url, 'http://x');
    if (url.searchParams.get('watch') !== 'true') {
      // first list at RV 10, the relist at RV 20 with `b` new and `a` unchanged
      return json(res, 200, watches === 0 ? table('10', [['a', '5']]) : table('20', [['a', '5'], ['b', '12']]));
    }
    watches++;
    res.writeHead(200, { 'content-type': 'application/json' });
    if (watches === 1) {
      assert.equal(url.searchParams.get('resourceVersion'), '10');
      res.end(JSON.stringify({ type: 'ERROR', object: { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Expired', code: 410, message: 'too old resource version: 10 (15)' } }) + '\n');
    } else {
      assert.equal(url.searchParams.get('resourceVersion'), '20');
      // one more event, without column definitions, then keep the stream open
      res.write(JSON.stringify({ type: 'MODIFIED', object: table('21', [['a', '21']], false) }) + '\n');
    }
  };
  seen = [];
  const w = startEdgectl(['get', 'cm', '-w'], { kubeconfig });
  try {
    await w.waitFor(/^NAME   DATA\na      1\nb      1\na      1\n$/);
    assert.equal(w.stderr(), '');
    assert.equal(seen.filter((s) => s.url.includes('watch=true')).length, 2);
  } finally {
    await w.stop();
  }
});

test('get -w -o name: a watch the server ends is resumed from the last resourceVersion seen', async () => {
  let watches = 0;
  const rvs: Array<string | null> = [];
  handler = (req, res) => {
    const url = new URL(req.url, 'http://x');
    if (url.searchParams.get('watch') !== 'true') {
      assert.equal(req.headers.accept, 'application/json');
      return json(res, 200, { kind: 'ConfigMapList', apiVersion: 'v1', metadata: { resourceVersion: '30' }, items: [] });
    }
    watches++;
    rvs.push(url.searchParams.get('resourceVersion'));
    res.writeHead(200, { 'content-type': 'application/json' });
    const obj = (name: string, rv: string) => ({ kind: 'ConfigMap', apiVersion: 'v1', metadata: { name, namespace: 'ns1', resourceVersion: rv } });
    if (watches === 1) res.end(JSON.stringify({ type: 'ADDED', object: obj('first', '31') }) + '\n');
    else if (watches === 2) res.write(JSON.stringify({ type: 'DELETED', object: obj('second', '35') }) + '\n');
  };
  const w = startEdgectl(['get', 'configmaps', '--watch', '-o', 'name'], { kubeconfig });
  try {
    await w.waitFor(/^configmap\/first\nconfigmap\/second\n$/);
    assert.deepEqual(rvs, ['30', '31']);
  } finally {
    await w.stop();
  }
});

test('a watch connection that breaks: one error line, exit 1', async () => {
  handler = (req, res) => {
    if (!req.url.includes('watch=true')) return json(res, 200, table('1', []));
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write(JSON.stringify({ type: 'ADDED', object: table('2', [['a', '2']]) }) + '\n', () => res.socket?.destroy());
  };
  const r = await run(['get', 'cm', '-w']);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, 'NAME   DATA\na      1\n');
  assert.match(r.stderr, /^error: cannot reach the server at http:\/\/127\.0\.0\.1:\d+: [^\n]+\n$/);
});

test('error bodies that are not Status objects still make one line', async () => {
  handler = (_req, res) => res.writeHead(502, { 'content-type': 'text/html' }).end('<html>Bad Gateway</html>');
  const r = await run(['get', 'pods']);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, 'error: the server responded with HTTP 502\n');
});
