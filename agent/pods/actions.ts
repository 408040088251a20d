// The thin executor of the pod planner's actions (plan.ts): sandbox, image,
// create/start, stop, remove, teardown, each against the runtime adapter and
// the CNI network. A failure becomes a waiting reason, a back-off and an
// event, never an exception out of the worker (kubelet's SyncPod steps).
import { netnsPath } from '../network/netns.js';
import type { ContainerRuntime } from '../runtime/types.js';
import { nextBackoff } from './backoff.js';
import { buildContainerSpec } from './container-spec.js';
import type { PodEvent } from './events.js';
import type { RefLookup } from './refs.js';
import { createSandbox, teardownSandbox } from './sandbox.js';
import type { Action, PlanConfig, Pod, PodBook, SandboxRecord, WaitingReason } from './types.js';
import { prepareVolumes } from './volumes.js';
import { prepareResolvConf } from './dns-config.js';
import type { PodWorkerOptions } from './worker.js';

/** What the executor reads and updates of the worker's state. */
export interface ExecutorContext {
  rt: ContainerRuntime;
  opts: Pick<PodWorkerOptions, 'dataDir' | 'network' | 'hostIP' | 'nodeName' | 'dns'>;
  cfg: PlanConfig;
  now(): number;
  pod(uid: string): Pod | undefined;
  refs(): RefLookup;
  sandboxes(): Map<string, SandboxRecord>;
  /** the pod's book, created when missing */
  book(uid: string): PodBook;
  /** the pod's book when it has one */
  existingBook(uid: string): PodBook | undefined;
  event(uid: string, type: PodEvent['type'], reason: string, message: string, container?: string): void;
}

export class ActionExecutor {
  constructor(private readonly ctx: ExecutorContext) {}

  /** Runs a pod's actions in order; the first failure ends the list (the next sync re-plans). */
  async execute(key: string, actions: Action[], failures: Record<string, WaitingReason>): Promise<void> {
    // A new pod's sandbox (netns + CNI) and its image checks are independent: run them side by
    // side (the images still one after another, as kubelet serializes pulls). Pod startup latency.
    let i = 0;
    if (actions[0]?.type === 'createSandbox') {
      while (actions[i + 1]?.type === 'ensureImage') i++;
      if (i > 0) {
        const run = async (group: Action[]) => {
          for (const a of group) {
            try {
              await this.perform(a);
            } catch (e) {
              this.fail(key, a, e as Error & { code?: string }, failures);
              return false;
            }
          }
          return true;
        };
        const ok = await Promise.all([run(actions.slice(0, 1)), run(actions.slice(1, i + 1))]);
        if (!ok.every(Boolean)) return;
        i++;
      }
    }
    for (const a of actions.slice(i)) {
      try {
        await this.perform(a);
        if ('container' in a && a.container && (a.type === 'runContainer' || a.type === 'startCreated')) delete failures[a.container];
      } catch (e) {
        this.fail(key, a, e as Error & { code?: string }, failures);
        return;
      }
    }
  }

  private fail(key: string, a: Action, e: Error & { code?: string }, failures: Record<string, WaitingReason>): void {
    const now = this.ctx.now();
    const book = this.ctx.book(a.podUid || key);
    const container = 'container' in a ? a.container : undefined;
    switch (a.type) {
      case 'ensureImage': {
        const reason = e.code === 'ErrImageNeverPull' ? 'ErrImageNeverPull' : 'ErrImagePull';
        book.pull.set(a.container, { ...nextBackoff(book.pull.get(a.container), now, this.ctx.cfg.pullBackoff), message: e.message });
        failures[a.container] = { reason, message: e.message };
        this.ctx.event(a.podUid, 'Warning', 'Failed', `Failed to pull image "${a.image}": ${e.message}`, a.container);
        return;
      }
      case 'runContainer':
      case 'startCreated': {
        const reason = e.code === 'CreateContainerConfigError' ? 'CreateContainerConfigError' : e.code === 'StartContainerError' ? 'RunContainerError' : 'CreateContainerError';
        book.failure.set(a.container, { reason, message: e.message, lastMs: now });
        failures[a.container] = { reason, message: e.message };
        this.ctx.event(a.podUid, 'Warning', 'Failed', `Error: ${e.message}`, a.container);
        return;
      }
      case 'createSandbox':
        this.ctx.event(a.podUid, 'Warning', 'FailedCreatePodSandBox', `Failed to create pod sandbox: ${e.message}`);
        return;
      default:
        this.ctx.event(a.podUid || key, 'Warning', a.type === 'teardownSandbox' ? 'FailedKillPod' : 'FailedSync', `${a.type}${container ? ` ${container}` : ''}: ${e.message}`, container);
    }
  }

  private async perform(a: Action): Promise<void> {
    const pod = this.ctx.pod(a.podUid);
    switch (a.type) {
      case 'createSandbox': {
        if (!pod) return;
        const rec = await createSandbox(pod, this.ctx.opts.dataDir, this.ctx.opts.network);
        this.ctx.sandboxes().set(a.podUid, rec);
        return;
      }
      case 'ensureImage': {
        const present = await this.ctx.rt.imageExists(a.image);
        if (present && a.policy !== 'Always') {
          this.ctx.event(a.podUid, 'Normal', 'Pulled', `Container image "${a.image}" already present on machine`, a.container);
        } else {
          if (a.policy !== 'Never') this.ctx.event(a.podUid, 'Normal', 'Pulling', `Pulling image "${a.image}"`, a.container);
          const t0 = this.ctx.now();
          await this.ctx.rt.ensureImage(a.image, a.policy);
          this.ctx.event(a.podUid, 'Normal', 'Pulled', `Successfully pulled image "${a.image}" in ${this.ctx.now() - t0}ms`, a.container);
        }
        this.ctx.book(a.podUid).pull.delete(a.container);
        return;
      }
      case 'runContainer': {
        if (!pod) return;
        const book = this.ctx.book(a.podUid);
        // Recorded before trying: a restart that fails still counts for the back-off (kubelet's Backoff.Next).
        if (a.backoff) book.restart.set(a.container, a.backoff);
        const sb = this.ctx.sandboxes().get(a.podUid);
        if (!sb) throw Object.assign(new Error('pod sandbox missing'), { code: 'CreateContainerError' });
        const spec = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].find((c: any) => c.name === a.container);
        const volumes = await prepareVolumes(pod, this.ctx.opts.dataDir, this.ctx.refs());
        const resolvConf = await prepareResolvConf(pod, this.ctx.opts.dataDir, this.ctx.opts.dns);
        const cs = await buildContainerSpec(spec, a.init, a.attempt, {
          pod,
          refs: this.ctx.refs(),
          volumes,
          resolvConf,
          netns: sb.hostNetwork ? 'host' : netnsPath(sb.netns!),
          ...(sb.hostNetwork ? (this.ctx.opts.hostIP ? { podIP: this.ctx.opts.hostIP } : {}) : sb.ip ? { podIP: sb.ip } : {}),
          ...(this.ctx.opts.hostIP ? { hostIP: this.ctx.opts.hostIP } : {}),
          ...(this.ctx.opts.nodeName ? { nodeName: this.ctx.opts.nodeName } : {}),
        });
        await this.ctx.rt.createContainer(cs);
        this.ctx.event(a.podUid, 'Normal', 'Created', `Created container ${a.container}`, a.container);
        await this.startOrRemove(cs.id);
        book.failure.delete(a.container);
        this.ctx.event(a.podUid, 'Normal', 'Started', `Started container ${a.container}`, a.container);
        return;
      }
      case 'startCreated':
        await this.startOrRemove(a.id);
        this.ctx.book(a.podUid).failure.delete(a.container);
        this.ctx.event(a.podUid, 'Normal', 'Started', `Started container ${a.container}`, a.container);
        return;
      case 'stopContainer':
        if (a.podUid) this.ctx.event(a.podUid, 'Normal', 'Killing', a.message ?? `Stopping container ${a.container ?? a.id}`, a.container);
        await this.ctx.rt.stopContainer(a.id, a.gracePeriodSeconds);
        if (a.podUid) this.ctx.existingBook(a.podUid)?.unhealthy.delete(a.id);
        return;
      case 'removeContainer':
        await this.ctx.rt.removeContainer(a.id);
        return;
      case 'teardownSandbox': {
        const rec = this.ctx.sandboxes().get(a.podUid);
        if (!rec) return;
        await teardownSandbox(rec, this.ctx.opts.dataDir, this.ctx.opts.network);
        this.ctx.sandboxes().delete(a.podUid);
        return;
      }
    }
  }

  /** A container that cannot start is removed, so the retry creates it afresh (with the same attempt). */
  private async startOrRemove(id: string): Promise<void> {
    try {
      await this.ctx.rt.startContainer(id);
    } catch (e) {
      await this.ctx.rt.removeContainer(id).catch(() => undefined);
      throw Object.assign(e as Error, { code: 'StartContainerError' });
    }
  }
}
