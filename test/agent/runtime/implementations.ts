// Every runtime adapter the host can run; the contract test runs against each.
import { execa } from 'execa';
import { CtrRuntime } from '../../../agent/runtime/ctr.js';
import { NerdctlRuntime } from '../../../agent/runtime/nerdctl.js';
import type { ContainerRuntime, RuntimeOptions } from '../../../agent/runtime/types.js';

export interface Implementation {
  name: string;
  /** Why it cannot run here, or undefined when it can. */
  skip: Promise<string | undefined>;
  make(opts: RuntimeOptions): ContainerRuntime;
}

async function missing(bin: string): Promise<string | undefined> {
  const r = await execa(bin, ['--version'], { reject: false, stdin: 'ignore' });
  return r.exitCode === 0 ? undefined : `${bin} is not installed on this host`;
}

export const implementations: Implementation[] = [
  { name: 'ctr', skip: missing('ctr'), make: (o) => new CtrRuntime(o) },
  { name: 'nerdctl', skip: missing('nerdctl'), make: (o) => new NerdctlRuntime(o) },
];
