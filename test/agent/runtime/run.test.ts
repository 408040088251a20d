import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { run, runOk } from '../../../agent/runtime/run.js';

describe('run', () => {
  it('returns exit code, stdout and stderr without throwing on failure', async () => {
    assert.deepEqual(await run('sh', ['-c', 'echo out; echo err >&2; exit 3']), { exitCode: 3, stdout: 'out\n', stderr: 'err\n' });
  });

  it('feeds input on stdin', async () => {
    assert.equal((await run('cat', [], { input: '{"a":1}' })).stdout, '{"a":1}');
    // a program that does not read its input is not an error
    assert.equal((await run('true', [], { input: 'x'.repeat(1 << 20) })).exitCode, 0);
  });

  it('leaves stdin closed without input (a child reading it sees EOF, not a hang)', async () => {
    assert.equal((await run('cat', [])).stdout, '');
  });

  it('adds env to the agent\'s environment', async () => {
    const r = await run('sh', ['-c', 'echo "$CNI_COMMAND:$PATH"'], { env: { CNI_COMMAND: 'ADD' } });
    assert.equal(r.stdout, `ADD:${process.env.PATH}\n`);
  });

  it('kills a program that outlives its timeout', async () => {
    const t = Date.now();
    await assert.rejects(run('sleep', ['30'], { timeoutMs: 100 }), { code: 'ExecTimeout' });
    assert.ok(Date.now() - t < 10_000);
  });

  it('a missing program is RuntimeExecFailed', async () => {
    await assert.rejects(run('/nonexistent/edgeplane-none', []), (e: Error & { code?: string }) => e.code === 'RuntimeExecFailed' && /cannot run/.test(e.message));
  });

  it('runOk turns a non-zero exit into the given code with stderr', async () => {
    assert.equal(await runOk('X', 'echo', ['hi']), 'hi\n');
    await assert.rejects(runOk('CreateContainerError', 'sh', ['-c', 'echo bad thing >&2; exit 1']), { code: 'CreateContainerError', message: /bad thing/ });
  });
});
