import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { lastLines } from '../../../agent/runtime/log-file.js';

describe('lastLines', () => {
  it('keeps the last N lines and the trailing newline', () => {
    assert.equal(lastLines('a\nb\nc\n', 2), 'b\nc\n');
    assert.equal(lastLines('a\nb\nc', 2), 'b\nc');
    assert.equal(lastLines('a\n', 5), 'a\n');
    assert.equal(lastLines('a\nb\n', 0), '');
    assert.equal(lastLines('', 3), '');
  });
});
