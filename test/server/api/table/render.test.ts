import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cellText, renderTable, tableFor } from '../../../../server/api/table/index.js';
import { ago, NOW, obj, running, terminated } from './fixtures.js';

const pods = [
  obj('Pod', 'web-7d9f', {
    spec: { nodeName: 'pi-1', containers: [{ name: 'nginx' }] },
    status: {
      phase: 'Running',
      podIPs: [{ ip: '10.42.0.5' }],
      containerStatuses: [{ name: 'nginx', ready: true, restartCount: 1, state: running(), lastState: terminated({ reason: 'Error', exitCode: 1, finishedAt: ago({ m: 5 }) }) }],
    },
  }),
  obj('Pod', 'db-0', { spec: { containers: [{ name: 'db' }] }, status: { phase: 'Pending' } }, { namespace: 'data' }),
];

test('renderTable prints like kubectl get (upper-case headers, 3-space gutters)', () => {
  const table = tableFor('Pod', pods, { now: NOW, includeObject: 'Object' });
  assert.equal(
    renderTable(table),
    [
      'NAME       READY   STATUS    RESTARTS     AGE',
      'web-7d9f   1/1     Running   1 (5m ago)   3d',
      'db-0       0/1     Pending   0            3d',
      '',
    ].join('\n'),
  );
});

test('renderTable -o wide, --all-namespaces, --no-headers', () => {
  const table = tableFor('Pod', pods, { now: NOW, includeObject: 'Metadata' });
  assert.equal(
    renderTable(table, { wide: true, withNamespace: true, noHeaders: true }),
    [
      'default   web-7d9f   1/1   Running   1 (5m ago)   3d    10.42.0.5   pi-1     <none>   <none>',
      'data      db-0       0/1   Pending   0            3d    <none>      <none>   <none>   <none>',
      '',
    ].join('\n'),
  );
});

test('cellText: strings stop at a line break, other values print plainly', () => {
  assert.equal(cellText('one\ntwo'), 'one...');
  assert.equal(cellText(12), '12');
  assert.equal(cellText(true), 'true');
  assert.equal(cellText(null), '');
  assert.equal(cellText(undefined), '');
});

test('renderTable of an empty list prints only the header', () => {
  assert.equal(renderTable(tableFor('Secret', [], { now: NOW })), 'NAME   TYPE   DATA   AGE\n');
});
