// Picks the runtime adapter: nerdctl when installed (richer: keeps exit codes
// and logs itself), else ctr, which ships with containerd.
import { run } from './run.js';
import { CtrRuntime } from './ctr.js';
import { NerdctlRuntime } from './nerdctl.js';
import type { ContainerRuntime, RuntimeOptions } from './types.js';

export async function onPath(bin: string): Promise<boolean> {
  const r = await run(bin, ['--version']).catch(() => undefined); // not installed: cannot run
  return r?.exitCode === 0;
}

export async function selectRuntime(opts: RuntimeOptions = {}, prefer?: 'ctr' | 'nerdctl'): Promise<ContainerRuntime> {
  if (prefer === 'ctr') return new CtrRuntime(opts);
  if (prefer === 'nerdctl' || (await onPath('nerdctl'))) return new NerdctlRuntime(opts);
  return new CtrRuntime(opts);
}
