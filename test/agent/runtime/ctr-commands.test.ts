import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
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
});
