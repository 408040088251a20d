// The pure planner, table-driven, with a fake clock (numbers passed as `now`).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { plan, planPod, DEFAULT_PLAN_CONFIG } from '../../../agent/pods/plan.js';
import { inBackoff, nextBackoff, DEFAULT_BACKOFF, type BackoffEntry } from '../../../agent/pods/backoff.js';
import { emptyBook, type Action, type ObservedContainer, type PodBook } from '../../../agent/pods/types.js';
import { ctr, pod, sandbox, T0, UID } from './fixtures.js';

function brief(actions: Action[]): string[] {
  return actions.map((a) => {
    switch (a.type) {
      case 'createSandbox': return 'sandbox';
      case 'ensureImage': return `image:${a.container}`;
      case 'runContainer': return `run:${a.container}#${a.attempt}`;
      case 'startCreated': return `start:${a.container}`;
      case 'stopContainer': return `stop:${a.container ?? a.id}/${a.gracePeriodSeconds}`;
      case 'removeContainer': return `rm:${a.id}`;
      case 'teardownSandbox': return 'teardown';
    }
  });
}

const withInit = pod({
  initContainers: [
    { name: 'i1', image: 'img:1', imagePullPolicy: 'IfNotPresent' },
    { name: 'i2', image: 'img:1', imagePullPolicy: 'IfNotPresent' },
  ],
});
const never = pod({ restartPolicy: 'Never' });
const onFailure = pod({ restartPolicy: 'OnFailure' });
const basic = pod();

describe('planPod', () => {
  const cases: Array<{ name: string; pod: ReturnType<typeof pod>; obs: ObservedContainer[]; sandbox?: boolean; want: string[] }> = [
    { name: 'fresh pod: sandbox, pull, create+start', pod: basic, obs: [], sandbox: false, want: ['sandbox', 'image:app', 'run:app#0'] },
    { name: 'running pod: nothing to do', pod: basic, obs: [ctr(basic, 'app', 0, 'running')], want: [] },
    { name: 'created but not started: start it', pod: basic, obs: [ctr(basic, 'app', 0, 'created')], want: ['start:app'] },
    { name: 'init containers: first one first', pod: withInit, obs: [], sandbox: false, want: ['sandbox', 'image:i1', 'run:i1#0'] },
    { name: 'init containers: wait for a running one', pod: withInit, obs: [ctr(withInit, 'i1', 0, 'running')], want: [] },
    {
      name: 'init containers: second after the first exited 0',
      pod: withInit,
      obs: [ctr(withInit, 'i1', 0, 'exited', { exitCode: 0 })],
      want: ['image:i2', 'run:i2#0'],
    },
    {
      name: 'init containers done: app starts',
      pod: withInit,
      obs: [ctr(withInit, 'i1', 0, 'exited', { exitCode: 0 }), ctr(withInit, 'i2', 0, 'exited', { exitCode: 0 })],
      want: ['image:app', 'run:app#0'],
    },
    {
      name: 'failed init container is restarted (Always), app not started',
      pod: withInit,
      obs: [ctr(withInit, 'i1', 0, 'exited', { exitCode: 1 })],
      want: ['image:i1', 'run:i1#1'],
    },
    { name: 'Never + exit 0: Succeeded, nothing restarts, network released', pod: never, obs: [ctr(never, 'app', 0, 'exited', { exitCode: 0 })], want: ['teardown'] },
    { name: 'terminal pod without a sandbox: nothing', pod: never, obs: [ctr(never, 'app', 0, 'exited', { exitCode: 0 })], sandbox: false, want: [] },
    { name: 'Never + exit 1: Failed, nothing restarts', pod: never, obs: [ctr(never, 'app', 0, 'exited', { exitCode: 1 })], want: ['teardown'] },
    { name: 'OnFailure + exit 0: Succeeded', pod: onFailure, obs: [ctr(onFailure, 'app', 0, 'exited', { exitCode: 0 })], want: ['teardown'] },
    { name: 'OnFailure + exit 2: restarted', pod: onFailure, obs: [ctr(onFailure, 'app', 0, 'exited', { exitCode: 2 })], want: ['image:app', 'run:app#1'] },
    { name: 'Always + exit 0: restarted', pod: basic, obs: [ctr(basic, 'app', 0, 'exited', { exitCode: 0 })], want: ['image:app', 'run:app#1'] },
    {
      name: 'old attempts beyond the previous one are removed',
      pod: basic,
      obs: [ctr(basic, 'app', 2, 'running'), ctr(basic, 'app', 1, 'exited', { exitCode: 1 }), ctr(basic, 'app', 0, 'exited', { exitCode: 1 })],
      want: [`rm:${ctr(basic, 'app', 0, 'exited').id}`],
    },
    {
      name: 'a container the spec no longer has is stopped and removed',
      pod: basic,
      obs: [ctr(basic, 'app', 0, 'running'), ctr(basic, 'gone', 0, 'running')],
      want: ['stop:gone/30', `rm:${ctr(basic, 'gone', 0, 'running').id}`],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const p = planPod(c.pod, c.obs, c.sandbox === false ? undefined : sandbox(), emptyBook(), T0);
      assert.deepEqual(brief(p.actions), c.want);
    });
  }

  it('spec change restarts a running container (hash label), without back-off', () => {
    const changed = pod({ containers: [{ name: 'app', image: 'img:2', imagePullPolicy: 'IfNotPresent' }] });
    const running = ctr(basic, 'app', 3, 'running'); // hash of img:1
    const p = planPod(changed, [running], sandbox(), emptyBook(), T0);
    assert.deepEqual(brief(p.actions), ['stop:app/30', 'image:app', 'run:app#4']);
    const run = p.actions.find((a) => a.type === 'runContainer');
    assert.equal(run && 'backoff' in run ? run.backoff : undefined, undefined);
  });

  it('hostNetwork pods get a sandbox without a network', () => {
    const p = planPod(pod({ hostNetwork: true }), [], undefined, emptyBook(), T0);
    assert.deepEqual(p.actions[0], { type: 'createSandbox', podUid: UID, hostNetwork: true });
  });
});

describe('CrashLoopBackOff', () => {
  it('waits 10, 20, 40 ... 300 s between restarts (kubelet back-off), measured from the last restart', () => {
    const book: PodBook = emptyBook();
    let now = T0;
    let attempt = 0;
    const waits: number[] = [];
    for (let i = 0; i < 9; i++) {
      // The container crashes at once after each start.
      const obs = [ctr(basic, 'app', attempt, 'exited', { exitCode: 1 })];
      let p = planPod(basic, obs, sandbox(), book, now);
      if (p.actions.length === 0) {
        assert.equal(p.waiting.app?.reason, 'CrashLoopBackOff');
        assert.ok(p.requeueAfterMs! > 0);
        waits.push(p.requeueAfterMs! / 1000);
        now += p.requeueAfterMs!;
        p = planPod(basic, obs, sandbox(), book, now);
      } else waits.push(0);
      const run = p.actions.find((a) => a.type === 'runContainer');
      assert.ok(run && run.type === 'runContainer', `restart ${i}`);
      assert.equal(run.attempt, attempt + 1);
      book.restart.set('app', run.backoff!);
      attempt++;
    }
    assert.deepEqual(waits, [0, 10, 20, 40, 80, 160, 300, 300, 300]);
  });

  it('resets after 10 minutes of running', () => {
    const book: PodBook = emptyBook();
    book.restart.set('app', { delayMs: 300_000, lastMs: T0 });
    const obs = [ctr(basic, 'app', 7, 'exited', { exitCode: 1 })];
    // Crashed after 9 minutes: still backing off at 300 s.
    assert.equal(planPod(basic, obs, sandbox(), book, T0 + 299_000).waiting.app?.reason, 'CrashLoopBackOff');
    // Crashed after 10 min 1 s of running: restarted at once, back at the 10 s base.
    const p = planPod(basic, obs, sandbox(), book, T0 + 601_000);
    const run = p.actions.find((a) => a.type === 'runContainer');
    assert.ok(run && run.type === 'runContainer');
    assert.deepEqual(run.backoff, { delayMs: 10_000, lastMs: T0 + 601_000 });
  });

  it('backoff helpers follow flowcontrol.Backoff', () => {
    let e: BackoffEntry | undefined;
    e = nextBackoff(e, 0, DEFAULT_BACKOFF);
    assert.deepEqual(e, { delayMs: 10_000, lastMs: 0 });
    assert.deepEqual(inBackoff(e, 5_000, DEFAULT_BACKOFF), { until: 10_000 });
    assert.equal(inBackoff(e, 10_000, DEFAULT_BACKOFF), undefined);
    e = nextBackoff(e, 10_000, DEFAULT_BACKOFF);
    assert.equal(e.delayMs, 20_000);
  });
});

describe('image pull back-off', () => {
  it('ErrImagePull is retried after the back-off, shown as ImagePullBackOff meanwhile', () => {
    const book = emptyBook();
    // The executor recorded a failed pull at T0 (status showed ErrImagePull).
    book.pull.set('app', { ...nextBackoff(undefined, T0, DEFAULT_PLAN_CONFIG.pullBackoff), message: 'not found' });
    let p = planPod(basic, [], sandbox(), book, T0 + 1000);
    assert.deepEqual(brief(p.actions), []);
    assert.equal(p.waiting.app?.reason, 'ImagePullBackOff');
    assert.equal(p.requeueAfterMs, 9000);
    p = planPod(basic, [], sandbox(), book, T0 + 10_000);
    assert.deepEqual(brief(p.actions), ['image:app', 'run:app#0']);
    // Second failure at T0+10s doubles the wait.
    book.pull.set('app', { ...nextBackoff(book.pull.get('app'), T0 + 10_000, DEFAULT_PLAN_CONFIG.pullBackoff), message: 'not found' });
    assert.equal(planPod(basic, [], sandbox(), book, T0 + 10_000).requeueAfterMs, 20_000);
  });

  it('CreateContainerConfigError is retried after failureRetryMs', () => {
    const book = emptyBook();
    book.failure.set('app', { reason: 'CreateContainerConfigError', message: 'secret "s" not found', lastMs: T0 });
    const p = planPod(basic, [], sandbox(), book, T0 + 1000);
    assert.deepEqual(p.waiting.app, { reason: 'CreateContainerConfigError', message: 'secret "s" not found' });
    assert.deepEqual(brief(planPod(basic, [], sandbox(), book, T0 + 10_000).actions), ['image:app', 'run:app#0']);
  });
});

describe('plan (all pods)', () => {
  it('removed pod: stop with its grace period, remove, release the network', () => {
    const obs = { containers: [ctr(basic, 'app', 0, 'running'), ctr(basic, 'app', 1, 'exited', { exitCode: 1 })], sandboxes: new Map([[UID, sandbox()]]) };
    const plans = plan([], obs, T0);
    assert.deepEqual(brief(plans.get(UID)!.actions), [
      'stop:app/30',
      `rm:${obs.containers[0]!.id}`,
      `rm:${obs.containers[1]!.id}`,
      'teardown',
    ]);
  });

  it('pod marked for deletion uses deletionGracePeriodSeconds', () => {
    const deleting = pod({}, { deletionTimestamp: '2026-01-01T00:00:00Z', deletionGracePeriodSeconds: 5 });
    const plans = plan([deleting], { containers: [ctr(deleting, 'app', 0, 'running')], sandboxes: new Map([[UID, sandbox()]]) }, T0);
    assert.deepEqual(brief(plans.get(UID)!.actions).slice(0, 1), ['stop:app/5']);
    assert.equal(brief(plans.get(UID)!.actions).at(-1), 'teardown');
  });

  it('orphan container (no pod labels) is removed; a desired pod is planned', () => {
    const orphan: ObservedContainer = { id: 'stray', image: 'x', labels: {}, state: 'running' };
    const plans = plan([basic], { containers: [orphan], sandboxes: new Map() }, T0);
    assert.deepEqual(brief(plans.get('orphan/stray')!.actions), ['stop:stray/1', 'rm:stray']);
    assert.deepEqual(brief(plans.get(UID)!.actions), ['sandbox', 'image:app', 'run:app#0']);
  });

  it('container of an unknown pod uid is removed', () => {
    const other = pod({}, { uid: 'uid-gone' });
    const plans = plan([basic], { containers: [ctr(other, 'app', 0, 'exited', { exitCode: 0 })], sandboxes: new Map() }, T0);
    assert.deepEqual(brief(plans.get('uid-gone')!.actions), [`rm:${ctr(other, 'app', 0, 'exited').id}`]);
  });
});
