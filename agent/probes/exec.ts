// exec probe (kubelet's pkg/probe/exec): the command runs inside the
// container through the runtime; exit 0 is success, any other exit a failure
// with the command's output. A timeout is a failure (kubelet's ExecProbeTimeout
// behaviour, on by default since 1.20); a runtime error is `unknown`.
import type { ContainerRuntime } from '../runtime/types.js';
import type { ProbeOutcome } from './types.js';

export type ExecRunner = Pick<ContainerRuntime, 'exec'>;

export async function probeExec(rt: ExecRunner, containerId: string, command: string[], timeoutMs: number): Promise<ProbeOutcome> {
  try {
    const r = await rt.exec(containerId, command, { timeoutMs });
    const output = `${r.stdout}${r.stderr}`;
    return { result: r.exitCode === 0 ? 'success' : 'failure', output };
  } catch (e) {
    const err = e as Error & { code?: string };
    if (err.code === 'ExecTimeout') return { result: 'failure', output: `command ${JSON.stringify(command.join(' '))} timed out` };
    return { result: 'unknown', output: err.message };
  }
}
