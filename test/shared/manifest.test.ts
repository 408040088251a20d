import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManifestError, parseManifests, toYaml } from '../../shared/manifest.js';

describe('parseManifests', () => {
  it('reads multi-document YAML, skipping empty documents', () => {
    const text = `# leading comment
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: a
---
---
# only a comment
---
apiVersion: v1
kind: Service
metadata: {name: b}
spec:
  ports:
  - port: 80
...
`;
    const docs = parseManifests(text, 'app.yaml');
    assert.deepEqual(
      docs.map((d) => [d.doc, (d.object as { metadata: { name: string } }).metadata.name]),
      [
        // a comment before the first `---` belongs to document 1
        [1, 'a'],
        [4, 'b'],
      ],
    );
  });

  it('expands List kinds', () => {
    const text = `apiVersion: v1
kind: List
items:
- {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}
- {apiVersion: v1, kind: ConfigMap, metadata: {name: b}}
---
apiVersion: v1
kind: PodList
items: []
---
kind: ConfigMap
apiVersion: v1
metadata: {name: c}
`;
    assert.deepEqual(
      parseManifests(text, 'list.yaml').map((d) => [d.doc, (d.object as { metadata: { name: string } }).metadata.name]),
      [
        [1, 'a'],
        [1, 'b'],
        [3, 'c'],
      ],
    );
  });

  it('reads YAML 1.1 scalars as Kubernetes does', () => {
    const [{ object }] = parseManifests('mode: 0644\nflag: yes\nother: off\ndate: 2024-01-01\ntime: 12:30\nversion: "1.0"\nnum: 1e3\nempty:\n', 'x.yaml');
    assert.deepEqual(object, { mode: 420, flag: true, other: false, date: '2024-01-01', time: '12:30', version: '1.0', num: 1000, empty: null });
  });

  it('reads JSON objects and JSON streams', () => {
    const one = parseManifests('{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"a"}}', 'ns.json');
    assert.equal(one.length, 1);
    const stream = parseManifests('{"kind":"A"}\n{"kind":"B","s":"}{"}\n  {"kind":"List","items":[{"kind":"C"}]}', 'stream.json');
    assert.deepEqual(
      stream.map((d) => [d.doc, (d.object as { kind: string }).kind]),
      [
        [1, 'A'],
        [2, 'B'],
        [3, 'C'],
      ],
    );
  });

  it('names the source, document and line of a YAML syntax error', () => {
    const text = 'kind: A\n---\nkind: B\nmetadata:\n  name: [x\n---\nkind: C\n';
    assert.throws(
      () => parseManifests(text, 'bad.yaml'),
      (e: unknown) => {
        assert.ok(e instanceof ManifestError);
        assert.equal(e.source, 'bad.yaml');
        assert.equal(e.doc, 2);
        assert.equal(typeof e.line, 'number');
        assert.match(e.message, /^bad\.yaml: document 2: YAML syntax error: .*line \d+/);
        return true;
      },
    );
  });

  it('rejects duplicate keys and bad indentation', () => {
    assert.throws(() => parseManifests('a: 1\na: 2\n', 'dup.yaml'), /dup\.yaml: document 1: YAML syntax error: Map keys must be unique/);
    assert.throws(() => parseManifests('a:\n  b: 1\n c: 2\n', 'indent.yaml'), /indent\.yaml: document 1/);
  });

  it('names the document of a JSON error', () => {
    assert.throws(() => parseManifests('{"a":1}\n{"b":}', 'bad.json'), { message: /^bad\.json: document 2: invalid JSON at line 2/ });
  });

  it('rejects documents that are not objects', () => {
    assert.throws(() => parseManifests('kind: A\n---\n- a\n- b\n', 'arr.yaml'), { message: 'arr.yaml: document 2: expected an object, got an array' });
    assert.throws(() => parseManifests('just text', 'str.yaml'), { message: 'str.yaml: document 1: expected an object, got a string' });
  });
});

describe('toYaml', () => {
  it('prints like kubectl: 2-space indent, unindented lists, block style', () => {
    const obj = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', labels: { app: 'web' }, annotations: { note: 'line one\nline two\n' } },
      spec: { containers: [{ name: 'c', image: 'nginx', args: ['--x', 'yes', '0644', '1.0'], resources: {} }] },
    };
    assert.equal(
      toYaml(obj),
      `apiVersion: v1
kind: Pod
metadata:
  name: p
  labels:
    app: web
  annotations:
    note: |
      line one
      line two
spec:
  containers:
  - name: c
    image: nginx
    args:
    - --x
    - "yes"
    - "0644"
    - "1.0"
    resources: {}
`,
    );
  });

  it('round-trips through parseManifests', () => {
    const obj = { a: 'on', b: ['y', 'n', '~', 'null', '2024-01-01'], c: { d: 1.5, e: true, f: null }, shared: { x: 1 }, again: { x: 1 } };
    assert.deepEqual(parseManifests(toYaml(obj), 'rt')[0].object, obj);
  });

  it('does not emit anchors for shared objects', () => {
    const shared = { x: 1 };
    assert.doesNotMatch(toYaml({ a: shared, b: shared }), /[&*]/);
  });
});
