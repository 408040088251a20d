import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  changesContainers,
  parseCtrEvent,
  ctrCreateArgs,
  labelFilters,
  parseCtrVersion,
  parseDeleteExitCode,
  parseTaskList,
  processArgs,
  progressLines,
} from '../../../agent/runtime/ctr-commands.js';
import { cpuQuotaUs } from '../../../agent/runtime/types.js';

describe('ctr command lines', () => {
  it('builds containers create with every option', () => {
    assert.deepEqual(
      ctrCreateArgs({
        id: 'c1',
        image: 'busybox',
        command: ['sh', '-c'],
        args: ['exit 3'],
        env: { A: 'b c' },
        workingDir: '/w',
        mounts: [
          { hostPath: '/h', containerPath: '/d', readOnly: true },
          { hostPath: '/e', containerPath: '/f' },
        ],
        memoryLimitBytes: 1024,
        cpuLimitMillis: 250,
        netns: '/run/netns/p',
        labels: { 'io.x/y': 'z' },
      }),
      [
        'containers', 'create',
        '--env', 'A=b c',
        '--cwd', '/w',
        '--mount', 'type=bind,src=/h,dst=/d,options=rbind:ro',
        '--mount', 'type=bind,src=/e,dst=/f,options=rbind:rw',
        '--memory-limit', '1024',
        '--cpu-quota', '25000', '--cpu-period', '100000',
        '--with-ns', 'network:/run/netns/p',
        '--label', 'io.x/y=z',
        '--', 'docker.io/library/busybox:latest', 'c1', 'sh', '-c', 'exit 3',
      ],
    );
  });

  it('uses the host network for hostNetwork', () => {
    assert.ok(ctrCreateArgs({ id: 'c', image: 'a.b/c:1', netns: 'host' }).includes('--net-host'));
  });

  it('maps command/args onto one argv like Kubernetes', () => {
    assert.deepEqual(processArgs({ command: ['a'], args: ['b'] }), ['a', 'b']);
    assert.deepEqual(processArgs({ args: ['b'] }, ['/entry']), ['/entry', 'b']);
    assert.deepEqual(processArgs({}), []);
  });

  it('quotes label filters', () => {
    assert.deepEqual(labelFilters({ 'io.edgeplane.pod.uid': 'u-1' }), ['labels."io.edgeplane.pod.uid"=="u-1"']);
    // several labels: one argument, comma-joined (AND); separate arguments would be ORed by containerd
    assert.deepEqual(labelFilters({ a: '1', b: '2' }), ['labels."a"=="1",labels."b"=="2"']);
    assert.deepEqual(labelFilters({}), []);
  });

  it('clamps tiny CPU quotas to the kernel minimum', () => {
    assert.equal(cpuQuotaUs(1), 1000);
    assert.equal(cpuQuotaUs(1500), 150000);
  });
});

describe('ctr output parsing', () => {
  it('parses tasks ls', () => {
    const out = 'TASK    PID      STATUS    \nweb     20108    RUNNING\njob     0        STOPPED\n';
    assert.deepEqual(parseTaskList(out), [
      { id: 'web', pid: 20108, status: 'RUNNING' },
      { id: 'job', pid: 0, status: 'STOPPED' },
    ]);
    assert.deepEqual(parseTaskList('TASK    PID    STATUS    \n'), []);
  });

  it('reads the exit code from the tasks delete warning', () => {
    assert.equal(parseDeleteExitCode('time="2026-11-23T15:53:39Z" level=warning msg="task t2 exit with non-zero exit code 3"'), 3);
    assert.equal(parseDeleteExitCode(''), 0);
  });

  it('parses the server version', () => {
    const out = 'Client:\n  Version:  1.6.20~ds1\n  Revision: x\n\nServer:\n  Version:  1.7.0\n  Revision: y\n';
    assert.equal(parseCtrVersion(out), '1.7.0');
  });

  it('keeps readable pull progress lines', () => {
    const chunk = '\x1b[2K\rdocker.io/library/busybox:latest: resolving |---|\n\x1b[1Aelapsed: 0.1 s  total:  0.0 B (0.0 B/s)\n';
    assert.deepEqual(progressLines(chunk), ['docker.io/library/busybox:latest: resolving |---|', 'elapsed: 0.1 s total: 0.0 B (0.0 B/s)']);
  });

  // lines as ctr 1.6 prints them (`ctr events 'namespace=="ns"'`)
  const ev = (topic: string, body: string) => `2026-11-23 19:45:58.325539469 +0000 UTC ns1 ${topic} ${body}`;
  const events: Array<[string, string, boolean]> = [
    [ev('/containers/create', '{"id":"c1","image":"edgeplane.local/busybox:latest"}'), 'container created', true],
    [ev('/tasks/start', '{"container_id":"c1","pid":8592}'), 'task started', true],
    [ev('/tasks/exit', '{"container_id":"c1","id":"c1","pid":8592,"exit_status":137}'), 'init process exited', true],
    [ev('/tasks/delete', '{"container_id":"c1","pid":8592,"exit_status":137}'), 'task deleted', true],
    [ev('/tasks/oom', '{"container_id":"c1"}'), 'OOM kill', true],
    [ev('/containers/delete', '{"id":"c1"}'), 'container deleted', true],
    [ev('/tasks/exec-added', '{"container_id":"c1","exec_id":"e1"}'), 'exec probe added', false],
    [ev('/tasks/exec-started', '{"container_id":"c1","exec_id":"e1","pid":8794}'), 'exec probe started', false],
    [ev('/tasks/exit', '{"container_id":"c1","id":"e1","pid":8794}'), 'exec probe exited', false],
    [ev('/snapshot/prepare', '{"key":"c1"}'), 'snapshot', false],
  ];
  for (const [line, what, relist] of events) {
    it(`ctr events: ${what} ${relist ? 'relists' : 'does not relist'}`, () => {
      const e = parseCtrEvent(line);
      assert.equal(e?.namespace, 'ns1');
      assert.equal(changesContainers(e!), relist);
    });
  }

  it('ctr events: other lines are not events', () => {
    assert.equal(parseCtrEvent('time="2026-11-23T19:46:01Z" level=warning msg="x"'), undefined);
    assert.equal(parseCtrEvent(''), undefined);
  });
});
