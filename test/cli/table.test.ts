import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asTable, cellText, formatLabels, headerCells, rowCells, TablePrinter, type Table } from '../../cli/table.js';

const podTable: Table = {
  kind: 'Table',
  apiVersion: 'meta.k8s.io/v1',
  metadata: { resourceVersion: '42' },
  columnDefinitions: [
    { name: 'Name', type: 'string', format: 'name', priority: 0 },
    { name: 'Ready', type: 'string', priority: 0 },
    { name: 'Status', type: 'string', priority: 0 },
    { name: 'Restarts', type: 'string', priority: 0 },
    { name: 'Age', type: 'string', priority: 0 },
    { name: 'IP', type: 'string', priority: 1 },
    { name: 'Node', type: 'string', priority: 1 },
    { name: 'Nominated Node', type: 'string', priority: 1 },
  ],
  rows: [
    {
      cells: ['web-7d4b9', '1/1', 'Running', 0, '5m', '10.42.0.7', 'edge-1', null],
      object: { metadata: { name: 'web-7d4b9', namespace: 'default', labels: { app: 'web', 'pod-template-hash': '7d4b9' } } },
    },
    {
      cells: ['db-0', '0/1', 'Pending', 2, '10s', '<none>', '<none>', null],
      object: { metadata: { name: 'db-0', namespace: 'data' } },
    },
  ],
};

function render(opts: Partial<Parameters<typeof rowCells>[2]> & { noHeaders?: boolean }): string {
  let out = '';
  new TablePrinter((s) => (out += s), { wide: false, withNamespace: false, showLabels: false, noHeaders: false, ...opts }).print(
    podTable.columnDefinitions!,
    podTable.rows!,
  );
  return out;
}

test('default table: upper-cased headers, priority 0 columns only', () => {
  assert.equal(
    render({}),
    'NAME        READY   STATUS    RESTARTS   AGE\n' + //
      'web-7d4b9   1/1     Running   0          5m\n' +
      'db-0        0/1     Pending   2          10s\n',
  );
});

test('-o wide adds priority>0 columns; nulls print as <none>', () => {
  assert.equal(
    render({ wide: true }),
    'NAME        READY   STATUS    RESTARTS   AGE   IP          NODE     NOMINATED NODE\n' +
      'web-7d4b9   1/1     Running   0          5m    10.42.0.7   edge-1   <none>\n' +
      'db-0        0/1     Pending   2          10s   <none>      <none>   <none>\n',
  );
});

test('-A puts NAMESPACE first, --show-labels adds LABELS last, --no-headers drops the header', () => {
  assert.equal(
    render({ withNamespace: true, showLabels: true, noHeaders: true }),
    'default   web-7d4b9   1/1   Running   0     5m    app=web,pod-template-hash=7d4b9\n' +
      'data      db-0        0/1   Pending   2     10s   <none>\n',
  );
});

test('several kinds: the name column carries kind/name', () => {
  const cells = rowCells(podTable.columnDefinitions!, podTable.rows![0], { wide: false, withNamespace: false, showLabels: false, kindPrefix: 'deployment.apps' });
  assert.equal(cells[0], 'deployment.apps/web-7d4b9');
  assert.deepEqual(headerCells(podTable.columnDefinitions!, { wide: false, withNamespace: true, showLabels: false }), [
    'NAMESPACE',
    'NAME',
    'READY',
    'STATUS',
    'RESTARTS',
    'AGE',
  ]);
});

test('cells: control characters cannot break the layout', () => {
  assert.equal(cellText('a\tb\nc'), 'a b c');
  assert.equal(cellText(true), 'true');
  assert.equal(cellText(undefined), '<none>');
  assert.equal(formatLabels({ b: '2', a: '1' }), 'a=1,b=2');
  assert.equal(formatLabels({}), '<none>');
});

test('a plain List (server without Table support) becomes a NAME/AGE table', () => {
  const now = Date.now();
  const t = asTable({
    kind: 'ConfigMapList',
    metadata: { resourceVersion: '9' },
    items: [{ metadata: { name: 'cfg', creationTimestamp: new Date(now - 65_000).toISOString() } }],
  });
  assert.equal(t.metadata?.resourceVersion, '9');
  assert.deepEqual(
    t.columnDefinitions!.map((c) => c.name),
    ['Name', 'Age'],
  );
  assert.equal(t.rows![0].cells[0], 'cfg');
  assert.match(String(t.rows![0].cells[1]), /^6[456]s$/);
});
