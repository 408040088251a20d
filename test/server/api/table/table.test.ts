// The Table envelope: shape kubectl decodes, includeObject, noHeaders, columns.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultTable, PRINTERS, tableFor } from '../../../../server/api/table/index.js';
import { KINDS } from '../../../../shared/api/kinds.js';
import { CREATED, NOW, obj } from './fixtures.js';

test('envelope: kind, apiVersion, empty metadata for the caller to fill', () => {
  const t = tableFor('ConfigMap', [], { now: NOW });
  assert.equal(t.kind, 'Table');
  assert.equal(t.apiVersion, 'meta.k8s.io/v1');
  assert.deepEqual(t.metadata, {});
  assert.deepEqual(t.rows, []);
  assert.ok(t.columnDefinitions.length > 0);
});

test('every kind in the registry has a printer whose first Name column has format name', () => {
  for (const k of KINDS) {
    const printer = PRINTERS[k.kind];
    assert.ok(printer, k.kind);
    const nameCol = printer.columns.find((c) => c.format === 'name');
    assert.equal(nameCol?.name, 'Name', k.kind);
    if (k.kind !== 'Event') assert.equal(printer.columns[0], nameCol, `${k.kind}: Name comes first`);
    for (const c of printer.columns) {
      assert.deepEqual(Object.keys(c).sort(), ['description', 'format', 'name', 'priority', 'type'], `${k.kind} ${c.name}`);
      assert.ok(c.description.length > 0, `${k.kind} ${c.name} has a description`);
    }
  }
});

test('-o wide columns are priority 1, the rest priority 0', () => {
  const expected: Record<string, { normal: string[]; wide: string[] }> = {
    Pod: { normal: ['Name', 'Ready', 'Status', 'Restarts', 'Age'], wide: ['IP', 'Node', 'Nominated Node', 'Readiness Gates'] },
    Node: { normal: ['Name', 'Status', 'Roles', 'Age', 'Version'], wide: ['Internal-IP', 'External-IP', 'OS-Image', 'Kernel-Version', 'Container-Runtime'] },
    Service: { normal: ['Name', 'Type', 'Cluster-IP', 'External-IP', 'Port(s)', 'Age'], wide: ['Selector'] },
    Endpoints: { normal: ['Name', 'Endpoints', 'Age'], wide: [] },
    Deployment: { normal: ['Name', 'Ready', 'Up-to-date', 'Available', 'Age'], wide: ['Containers', 'Images', 'Selector'] },
    ReplicaSet: { normal: ['Name', 'Desired', 'Current', 'Ready', 'Age'], wide: ['Containers', 'Images', 'Selector'] },
    DaemonSet: {
      normal: ['Name', 'Desired', 'Current', 'Ready', 'Up-to-date', 'Available', 'Node Selector', 'Age'],
      wide: ['Containers', 'Images', 'Selector'],
    },
    Namespace: { normal: ['Name', 'Status', 'Age'], wide: [] },
    ConfigMap: { normal: ['Name', 'Data', 'Age'], wide: [] },
    Secret: { normal: ['Name', 'Type', 'Data', 'Age'], wide: [] },
    Event: {
      normal: ['Last Seen', 'Type', 'Reason', 'Object', 'Message'],
      wide: ['Subobject', 'Source', 'First Seen', 'Count', 'Name'],
    },
  };
  for (const [kind, want] of Object.entries(expected)) {
    const cols = tableFor(kind, [], { now: NOW }).columnDefinitions;
    assert.deepEqual(cols.filter((c) => c.priority === 0).map((c) => c.name), want.normal, kind);
    assert.deepEqual(cols.filter((c) => c.priority === 1).map((c) => c.name), want.wide, kind);
  }
});

test('includeObject: Object gives the object, Metadata (the default) a PartialObjectMetadata, None nothing', () => {
  const cm = obj('ConfigMap', 'cfg', { data: { a: '1' } }, { labels: { app: 'x' } });
  const full = tableFor('ConfigMap', [cm], { now: NOW, includeObject: 'Object' }).rows[0]!;
  assert.equal(full.object, cm);
  const partialRow = tableFor('ConfigMap', [cm], { now: NOW }).rows[0]!;
  assert.deepEqual(partialRow.object, { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: cm.metadata });
  assert.deepEqual(tableFor('ConfigMap', [cm], { now: NOW, includeObject: 'Metadata' }).rows[0]!.object, partialRow.object);
  const none = tableFor('ConfigMap', [cm], { now: NOW, includeObject: 'None' }).rows[0]!;
  assert.equal('object' in none, false);
});

test('noHeaders leaves the column definitions out but keeps all cells', () => {
  const t = tableFor('Namespace', [obj('Namespace', 'a', { status: { phase: 'Active' } })], { now: NOW, noHeaders: true });
  assert.deepEqual(t.columnDefinitions, []);
  assert.deepEqual(t.rows[0]!.cells, ['a', 'Active', '3d']);
});

test('rows keep the input order and the table is JSON-serialisable', () => {
  const objects = ['c', 'a', 'b'].map((n) => obj('ConfigMap', n));
  const t = tableFor('ConfigMap', objects, { now: NOW, includeObject: 'Object' });
  assert.deepEqual(t.rows.map((r) => r.cells[0]), ['c', 'a', 'b']);
  assert.deepEqual(JSON.parse(JSON.stringify(t)), t);
});

test('inputs are not modified (deep-frozen objects print)', () => {
  const pod = obj('Pod', 'p', { spec: { containers: [{ name: 'a' }] }, status: { phase: 'Running' } });
  const freeze = (v: unknown): void => {
    if (typeof v === 'object' && v !== null) {
      Object.values(v).forEach(freeze);
      Object.freeze(v);
    }
  };
  freeze(pod);
  const t = tableFor('Pod', [pod], { now: NOW, includeObject: 'Object' });
  assert.equal(t.rows[0]!.cells[2], 'Running');
});

test('defaultTable: Name and Created At, for kinds without a printer', () => {
  const widget = obj('Widget', 'w1');
  const noTime = obj('Widget', 'w2', {}, { creationTimestamp: undefined });
  const fractional = obj('Widget', 'w3', {}, { creationTimestamp: '2024-04-28T12:00:00.750Z' });
  for (const t of [tableFor('Widget', [widget, noTime, fractional], { now: NOW }), defaultTable([widget, noTime, fractional])]) {
    assert.deepEqual(
      t.columnDefinitions.map((c) => [c.name, c.type, c.format, c.priority]),
      [['Name', 'string', 'name', 0], ['Created At', 'date', '', 0]],
    );
    assert.deepEqual(t.rows.map((r) => r.cells), [
      ['w1', CREATED.replace('.000', '')],
      ['w2', '0001-01-01T00:00:00Z'],
      ['w3', '2024-04-28T12:00:00Z'],
    ]);
    assert.equal(t.rows[0]!.object?.kind, 'PartialObjectMetadata');
  }
  assert.deepEqual(defaultTable([widget], { noHeaders: true, includeObject: 'None' }), {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: {},
    columnDefinitions: [],
    rows: [{ cells: ['w1', '2024-04-28T12:00:00Z'] }],
  });
});
