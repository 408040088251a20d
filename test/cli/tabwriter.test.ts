import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TabWriter, TABLE_TABWRITER, DESCRIBE_TABWRITER } from '../../cli/tabwriter.js';

test('kubectl get layout: padding 3, minimum width 6, last column unpadded', () => {
  const tw = new TabWriter(TABLE_TABWRITER);
  tw.write('NAME\tREADY\tSTATUS\tRESTARTS\tAGE\n');
  tw.write('nginx\t1/1\tRunning\t0\t5m\n');
  assert.equal(
    tw.flush(),
    'NAME    READY   STATUS    RESTARTS   AGE\n' + //
      'nginx   1/1     Running   0          5m\n',
  );
});

test('short columns are padded to the minimum width', () => {
  const tw = new TabWriter(TABLE_TABWRITER);
  tw.write('A\tB\n');
  tw.write('x\ty\n');
  assert.equal(tw.flush(), 'A     B\nx     y\n');
});

test('a line without tabs ends the alignment block (describe sections)', () => {
  const tw = new TabWriter(DESCRIBE_TABWRITER);
  tw.write('Name:\tweb\nService Account:\tdefault\nContainers:\n  web:\n    Image:\tnginx\n    Restart Count:\t0\n');
  assert.equal(
    tw.flush(),
    'Name:             web\n' +
      'Service Account:  default\n' +
      'Containers:\n' +
      '  web:\n' +
      '    Image:          nginx\n' +
      '    Restart Count:  0\n',
  );
});

test('nested blocks: a column is aligned only over lines that have it', () => {
  const tw = new TabWriter({ minWidth: 0, padding: 1 });
  tw.write('a\tb\tc\naaaa\tb\nx\n');
  assert.equal(tw.flush(), 'a    b c\naaaa b\nx\n');
});

test('widths are measured in code points, not UTF-16 units', () => {
  const tw = new TabWriter({ minWidth: 0, padding: 1 });
  tw.write('é😀\tx\nab\ty\n');
  assert.equal(tw.flush(), 'é😀 x\nab y\n');
});

test('rememberWidths keeps columns aligned across flushes (get -w)', () => {
  const tw = new TabWriter(TABLE_TABWRITER);
  tw.write('NAME\tSTATUS\tAGE\nweb-1\tPending\t0s\n');
  assert.equal(tw.flush(), 'NAME    STATUS    AGE\nweb-1   Pending   0s\n');
  tw.write('w\tOK\t1s\n');
  assert.equal(tw.flush(), 'w       OK        1s\n');
  tw.write('a-much-longer-name\tRunning\t2s\n');
  assert.equal(tw.flush(), 'a-much-longer-name   Running   2s\n');
});

test('a partial last line is written on flush', () => {
  const tw = new TabWriter({ minWidth: 0, padding: 2 });
  tw.write('k:\tv\nkey:');
  tw.write('\tvalue');
  assert.equal(tw.flush(), 'k:    v\nkey:  value\n');
});
