import { test } from 'node:test';
import assert from 'node:assert/strict';
import { patchTypeFromContentType, type PatchType } from '../../../../server/api/patch/index.js';

test('patchTypeFromContentType maps the Kubernetes patch media types', () => {
  const cases: Array<[string, PatchType | undefined]> = [
    ['application/json-patch+json', 'json'],
    ['application/merge-patch+json', 'merge'],
    ['application/strategic-merge-patch+json', 'strategic'],
    ['application/strategic-merge-patch+json; charset=utf-8', 'strategic'],
    ['Application/Merge-Patch+JSON', 'merge'],
    // server-side apply is not implemented: the API answers 415
    ['application/apply-patch+yaml', undefined],
    ['application/json', undefined],
    ['', undefined],
  ];
  for (const [ct, want] of cases) assert.equal(patchTypeFromContentType(ct), want, ct);
});
