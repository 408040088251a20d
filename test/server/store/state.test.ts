import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ObjectState } from '../../../server/store/state.js';
import { pod } from './fixtures.js';

test('the sorted view stays right under random creates, updates, deletes and lists', () => {
  const state = new ObjectState();
  const model = new Map<string, { ns: string; name: string; v: number }>();
  let seed = 42;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
  for (let step = 0; step < 5000; step++) {
    const ns = `ns${rand(3)}`;
    const name = `p${rand(60)}`;
    const k = `${ns}/${name}`;
    const op = rand(10);
    if (op < 6) {
      model.set(k, { ns, name, v: step });
      state.put({ resource: 'pods', namespace: ns, name, object: pod(name, ns, { v: step }) });
    } else if (op < 8) {
      model.delete(k);
      state.remove('pods', ns, name);
    } else {
      const filter = op === 8 ? undefined : ns;
      const want = [...model.values()]
        .filter((m) => !filter || m.ns === filter)
        .sort((a, b) => (a.ns === b.ns ? (a.name < b.name ? -1 : 1) : a.ns < b.ns ? -1 : 1))
        .map((m) => `${m.ns}/${m.name}@${m.v}`);
      const got = state.list('pods', filter).map((o) => `${o.metadata.namespace}/${o.metadata.name}@${o.spec.v}`);
      assert.deepEqual(got, want, `step ${step}`);
    }
  }
  assert.equal(state.size, model.size);
  assert.equal(state.entries().length, model.size);
});
