// ContainerRuntime over nerdctl, preferred when installed: it keeps exit
// codes, timestamps and json-file logs itself, so no state of our own.
import { EdgeplaneError } from '../../shared/errors.js';
import { run, runOk } from './run.js';
import { isPlainHttpRegistry, normalizeImageRef } from './image-ref.js';
import { progressLines } from './ctr-commands.js';
import {
  nerdctlCreateArgs,
  nerdctlGlobal,
  nerdctlLogsArgs,
  nerdctlPsArgs,
  nerdctlPullArgs,
  parseInspect,
  parseNerdctlVersion,
  parsePs,
} from './nerdctl-commands.js';
import {
  DEFAULT_ADDRESS,
  DEFAULT_NAMESPACE,
  type ContainerInfo,
  type ContainerRuntime,
  type ContainerSpec,
  type ContainerStatus,
  type ExecOptions,
  type ExecResult,
  type LogOptions,
  type PullPolicy,
  type PullProgress,
  type RuntimeOptions,
} from './types.js';

export class NerdctlRuntime implements ContainerRuntime {
  readonly name = 'nerdctl';
  private readonly global: string[];

  constructor(opts: RuntimeOptions = {}, private readonly bin = 'nerdctl') {
    this.global = nerdctlGlobal(opts.address ?? DEFAULT_ADDRESS, opts.namespace ?? DEFAULT_NAMESPACE);
  }

  private n(args: string[]) {
    return run(this.bin, [...this.global, ...args]);
  }
  private nOk(code: string, args: string[]) {
    return runOk(code, this.bin, [...this.global, ...args]);
  }

  async version(): Promise<string> {
    return parseNerdctlVersion(await this.nOk('RuntimeUnavailable', ['version', '--format', '{{json .}}']));
  }

  async imageExists(ref: string): Promise<boolean> {
    return (await this.n(['image', 'inspect', normalizeImageRef(ref)])).exitCode === 0;
  }

  async ensureImage(ref: string, policy: PullPolicy, onProgress?: (p: PullProgress) => void): Promise<void> {
    if (policy !== 'Always' && (await this.imageExists(ref))) return;
    if (policy === 'Never') throw new EdgeplaneError('ErrImageNeverPull', `image ${ref} is not present and imagePullPolicy is Never`);
    // loaded on first use: execa is ≈8 MiB of module graph an idle agent does not need
    const { execa } = await import('execa');
    const child = execa(this.bin, [...this.global, ...nerdctlPullArgs(ref, isPlainHttpRegistry(ref))], {
      reject: false,
      stdin: 'ignore',
      all: true,
    });
    child.all?.on('data', (d: Buffer) => progressLines(d.toString()).forEach((message) => onProgress?.({ message })));
    const r = await child;
    if (r.exitCode !== 0) {
      throw new EdgeplaneError('ErrImagePull', `pulling ${ref}: ${String(r.all ?? '').trim().split('\n').pop()}`, { cause: r });
    }
  }

  async createContainer(spec: ContainerSpec): Promise<void> {
    await this.nOk('CreateContainerError', nerdctlCreateArgs(spec));
  }

  async startContainer(id: string): Promise<void> {
    await this.nOk('StartContainerError', ['start', id]);
  }

  async stopContainer(id: string, gracePeriodSeconds: number): Promise<void> {
    // Docker semantics: the stop signal, then SIGKILL after -t seconds.
    const r = await this.n(['stop', '-t', String(Math.max(0, Math.floor(gracePeriodSeconds))), id]);
    if (r.exitCode !== 0 && !/not running|no such/i.test(r.stderr)) {
      throw new EdgeplaneError('StopContainerError', `stop ${id}: ${r.stderr.trim()}`, { cause: r });
    }
  }

  async removeContainer(id: string): Promise<void> {
    const r = await this.n(['rm', '-f', id]);
    if (r.exitCode !== 0 && !/no such/i.test(r.stderr)) {
      throw new EdgeplaneError('RemoveContainerError', `remove ${id}: ${r.stderr.trim()}`, { cause: r });
    }
  }

  async listContainers(labelSelector: Record<string, string> = {}): Promise<ContainerInfo[]> {
    return parsePs(await this.nOk('RuntimeError', nerdctlPsArgs(labelSelector)));
  }

  async containerStatus(id: string): Promise<ContainerStatus> {
    const r = await this.n(['inspect', '--mode=dockercompat', id]);
    const st = r.exitCode === 0 ? parseInspect(id, r.stdout) : undefined;
    if (!st) throw new EdgeplaneError('ContainerNotFound', `container ${id} not found`, { cause: r });
    return st;
  }

  async *logs(id: string, opts: LogOptions = {}): AsyncIterable<string> {
    // loaded on first use: execa is ≈8 MiB of module graph an idle agent does not need
    const { execa } = await import('execa');
    const child = execa(this.bin, [...this.global, ...nerdctlLogsArgs(id, opts)], {
      reject: false,
      stdin: 'ignore',
      all: true,
      cancelSignal: opts.signal,
      buffer: false,
    });
    for await (const chunk of child.all!) yield String(chunk);
    await child;
  }

  async exec(id: string, argv: string[], opts: ExecOptions = {}): Promise<ExecResult> {
    return run(this.bin, [...this.global, 'exec', id, ...argv], { timeoutMs: opts.timeoutMs });
  }
}
