import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  nerdctlCreateArgs,
  nerdctlGlobal,
  nerdctlLogsArgs,
  nerdctlPsArgs,
  nerdctlPullArgs,
  parseInspect,
  parseNerdctlVersion,
  parsePs,
} from '../../../agent/runtime/nerdctl-commands.js';

describe('nerdctl command lines', () => {
  it('global flags select socket and namespace', () => {
    assert.deepEqual(nerdctlGlobal('/run/c.sock', 'edgeplane'), ['--address', '/run/c.sock', '--namespace', 'edgeplane']);
  });

  it('builds create with every option', () => {
    assert.deepEqual(
      nerdctlCreateArgs({
        id: 'c1',
        image: 'busybox',
        command: ['sh', '-c'],
        args: ['exit 3'],
        env: { A: 'b' },
        workingDir: '/w',
        mounts: [{ hostPath: '/h', containerPath: '/d', readOnly: true }, { hostPath: '/e', containerPath: '/f' }],
        memoryLimitBytes: 1024,
        cpuLimitMillis: 500,
        netns: '/run/netns/p',
        labels: { k: 'v' },
      }),
      [
        'create', '--name', 'c1', '--pull', 'never',
        '--network', 'ns:/run/netns/p',
        '--env', 'A=b',
        '--workdir', '/w',
        '--mount', 'type=bind,source=/h,target=/d,readonly',
        '--mount', 'type=bind,source=/e,target=/f',
        '--memory', '1024',
        '--cpu-quota', '50000', '--cpu-period', '100000',
        '--label', 'k=v',
        '--entrypoint', 'sh',
        '--', 'docker.io/library/busybox:latest', '-c', 'exit 3',
      ],
    );
  });

  it('keeps the image entrypoint when only args are given; no network means none', () => {
    assert.deepEqual(nerdctlCreateArgs({ id: 'c', image: 'a.b/c:1', args: ['x'] }), [
      'create', '--name', 'c', '--pull', 'never', '--network', 'none', '--', 'a.b/c:1', 'x',
    ]);
    assert.ok(nerdctlCreateArgs({ id: 'c', image: 'a.b/c:1', netns: 'host' }).join(' ').includes('--network host'));
  });

  it('builds pull, ps and logs', () => {
    assert.deepEqual(nerdctlPullArgs('127.0.0.1:5000/a', true), ['pull', '--insecure-registry', '127.0.0.1:5000/a:latest']);
    assert.deepEqual(nerdctlPsArgs({ a: 'b' }), ['ps', '-a', '--no-trunc', '--format', '{{json .}}', '--filter', 'label=a=b']);
    assert.deepEqual(nerdctlLogsArgs('c', { tail: 5, follow: true }), ['logs', '--tail', '5', '--follow', 'c']);
    assert.deepEqual(nerdctlLogsArgs('c', {}), ['logs', 'c']);
  });
});

describe('nerdctl output parsing', () => {
  it('parses ps JSON lines with string or map labels', () => {
    const out =
      '{"Command":"\\"sleep 300\\"","CreatedAt":"2024-01-01 00:00:00 +0000 UTC","ID":"0123abcd","Image":"docker.io/library/busybox:latest","Labels":"io.edgeplane.pod.uid=u1,k=v","Names":"c1","Status":"Up"}\n' +
      '{"ID":"4567","Image":"x","Labels":{"a":"b"},"Names":"c2"}\n';
    assert.deepEqual(parsePs(out), [
      { id: 'c1', image: 'docker.io/library/busybox:latest', labels: { 'io.edgeplane.pod.uid': 'u1', k: 'v' } },
      { id: 'c2', image: 'x', labels: { a: 'b' } },
    ]);
    assert.deepEqual(parsePs(''), []);
  });

  it('parses inspect for running, exited and created containers', () => {
    const running = JSON.stringify([{ State: { Status: 'running', Running: true, Pid: 42, ExitCode: 0, StartedAt: '2024-01-01T00:00:00Z', FinishedAt: '0001-01-01T00:00:00Z' } }]);
    assert.deepEqual(parseInspect('c', running), {
      id: 'c', state: 'running', pid: 42, exitCode: undefined, startedAt: new Date('2024-01-01T00:00:00Z'), finishedAt: undefined,
    });
    const exited = JSON.stringify([{ State: { Status: 'exited', Running: false, Pid: 0, ExitCode: 3, StartedAt: '2024-01-01T00:00:00Z', FinishedAt: '2024-01-01T00:00:05Z' } }]);
    const e = parseInspect('c', exited)!;
    assert.equal(e.state, 'exited');
    assert.equal(e.exitCode, 3);
    assert.deepEqual(e.finishedAt, new Date('2024-01-01T00:00:05Z'));
    assert.equal(parseInspect('c', JSON.stringify([{ State: { Status: 'created' } }]))!.state, 'created');
    assert.equal(parseInspect('c', '[]'), undefined);
  });

  it('parses the containerd version from nerdctl version', () => {
    const out = JSON.stringify({ Client: { Version: 'v2.0.0' }, Server: { Components: [{ Name: 'containerd', Version: 'v1.7.20' }, { Name: 'runc', Version: '1.1.0' }] } });
    assert.equal(parseNerdctlVersion(out), 'v1.7.20');
  });
});
