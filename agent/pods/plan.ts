// The pure pod planner: desired pods + observed runtime + back-off
// bookkeeping + now → actions per pod (kubelet's computePodActions, applied
// level-triggered on every sync). No I/O here; the executor in worker.ts
// performs the actions one pod at a time.
import { inBackoff, nextBackoff, DEFAULT_BACKOFF } from './backoff.js';
import { containerHash, LABEL_CONTAINER_NAME, LABEL_HASH, LABEL_POD_UID } from './labels.js';
import {
  appContainersOf,
  attemptOf,
  byName,
  initContainersOf,
  isInitialized,
  isTerminal,
  podPhase,
  restartPolicyOf,
  type ContainerSpecLite,
} from './phase.js';
import {
  emptyBook,
  type Action,
  type ObservedContainer,
  type Observed,
  type PlanConfig,
  type Pod,
  type PodBook,
  type PodPlan,
  type SandboxRecord,
  type WaitingReason,
} from './types.js';

export const DEFAULT_PLAN_CONFIG: PlanConfig = {
  restartBackoff: DEFAULT_BACKOFF,
  pullBackoff: DEFAULT_BACKOFF,
  failureRetryMs: 10_000,
};

/** Kubernetes' default terminationGracePeriodSeconds. */
export const DEFAULT_GRACE_SECONDS = 30;
/** Grace for containers that belong to nothing we know: they get a short SIGTERM window. */
export const ORPHAN_GRACE_SECONDS = 1;
/** Dead attempts kept per container: the previous one backs `lastState` and `logs --previous`. */
const KEEP_ATTEMPTS = 2;

export interface PodPlanResult extends PodPlan {
  /** Waiting reasons decided by the planner (back-off in force, last failure being retried later). */
  waiting: Record<string, WaitingReason>;
}

/** Plans every pod: keys are pod uids (desired or not) and `orphan/<id>` for unlabelled containers. */
export function plan(
  desired: Pod[],
  observed: Observed,
  now: number,
  books: Map<string, PodBook> = new Map(),
  cfg: PlanConfig = DEFAULT_PLAN_CONFIG,
): Map<string, PodPlanResult> {
  const out = new Map<string, PodPlanResult>();
  const live = new Set<string>();
  const byUid = new Map<string, ObservedContainer[]>();
  for (const c of observed.containers) {
    const uid = c.labels[LABEL_POD_UID];
    if (!uid) {
      // Not made by the pod worker: nothing in the agent's namespace may run outside a desired pod.
      out.set(`orphan/${c.id}`, { actions: removal(c, '', ORPHAN_GRACE_SECONDS, 'Orphan'), waiting: {} });
      continue;
    }
    const l = byUid.get(uid) ?? [];
    l.push(c);
    byUid.set(uid, l);
  }
  for (const pod of desired) {
    const uid = pod.metadata.uid!;
    if (pod.metadata.deletionTimestamp) continue;
    live.add(uid);
    out.set(uid, planPod(pod, byUid.get(uid) ?? [], observed.sandboxes.get(uid), books.get(uid) ?? emptyBook(), now, cfg));
  }
  // Pods no longer desired (deleted, rebound, or marked for deletion): stop, remove, release the network.
  const gone = new Set<string>([...byUid.keys(), ...observed.sandboxes.keys()].filter((u) => !live.has(u)));
  for (const uid of gone) {
    const pod = desired.find((p) => p.metadata.uid === uid);
    const grace =
      pod?.metadata.deletionGracePeriodSeconds ??
      pod?.spec?.terminationGracePeriodSeconds ??
      observed.sandboxes.get(uid)?.gracePeriodSeconds ??
      DEFAULT_GRACE_SECONDS;
    const actions: Action[] = [];
    for (const c of byUid.get(uid) ?? []) actions.push(...removal(c, uid, grace, 'Killing'));
    if (observed.sandboxes.has(uid)) actions.push({ type: 'teardownSandbox', podUid: uid });
    out.set(uid, { actions, waiting: {} });
  }
  return out;
}

function removal(c: ObservedContainer, podUid: string, grace: number, reason: string): Action[] {
  const a: Action[] = [];
  if (c.state === 'running' || c.state === 'unknown') {
    a.push({ type: 'stopContainer', podUid, id: c.id, container: c.labels[LABEL_CONTAINER_NAME], gracePeriodSeconds: grace, reason });
  }
  a.push({ type: 'removeContainer', podUid, id: c.id });
  return a;
}

/** One desired pod. */
export function planPod(
  pod: Pod,
  containers: ObservedContainer[],
  sandbox: SandboxRecord | undefined,
  book: PodBook,
  now: number,
  cfg: PlanConfig = DEFAULT_PLAN_CONFIG,
): PodPlanResult {
  const uid = pod.metadata.uid!;
  const actions: Action[] = [];
  const waiting: Record<string, WaitingReason> = {};
  let requeue: number | undefined;
  const wake = (ms: number) => {
    requeue = requeue === undefined ? ms : Math.min(requeue, ms);
  };
  const grace = pod.spec?.terminationGracePeriodSeconds ?? DEFAULT_GRACE_SECONDS;
  const named = byName(containers);
  const specs = [...initContainersOf(pod), ...appContainersOf(pod)];
  const known = new Set(specs.map((c) => c.name));

  // Garbage: containers of names the spec no longer has, and attempts older than the kept ones.
  for (const [name, list] of named) {
    const drop = known.has(name) ? list.slice(KEEP_ATTEMPTS) : list;
    for (const c of drop) actions.push(...removal(c, uid, grace, 'Killing'));
  }

  const phase = podPhase(pod, named);
  // A terminal pod is never restarted; kubelet also kills its sandbox so the IP goes back to the
  // pool while the pod object (and its exited containers, for logs) stays until it is deleted.
  if (isTerminal(phase)) {
    if (sandbox?.netns) actions.push({ type: 'teardownSandbox', podUid: uid });
    return { actions, waiting };
  }

  if (!sandbox) actions.push({ type: 'createSandbox', podUid: uid, hostNetwork: !!pod.spec?.hostNetwork });

  const policy = restartPolicyOf(pod);
  const startNew = (c: ContainerSpecLite, init: boolean, attempt: number, restart: boolean): void => {
    const pull = inBackoff(book.pull.get(c.name), now, cfg.pullBackoff);
    if (pull) {
      waiting[c.name] = { reason: 'ImagePullBackOff', message: `Back-off pulling image "${c.image}": ${book.pull.get(c.name)!.message}` };
      wake(pull.until - now);
      return;
    }
    const f = book.failure.get(c.name);
    if (f && now - f.lastMs < cfg.failureRetryMs) {
      waiting[c.name] = { reason: f.reason, message: f.message };
      wake(f.lastMs + cfg.failureRetryMs - now);
      return;
    }
    let backoff;
    if (restart) {
      const entry = book.restart.get(c.name);
      const b = inBackoff(entry, now, cfg.restartBackoff);
      if (b) {
        waiting[c.name] = {
          reason: 'CrashLoopBackOff',
          message: `back-off ${Math.round(entry!.delayMs / 1000)}s restarting failed container=${c.name} pod=${pod.metadata.name}_${pod.metadata.namespace}(${uid})`,
        };
        wake(b.until - now);
        return;
      }
      backoff = nextBackoff(entry, now, cfg.restartBackoff);
    }
    actions.push({ type: 'ensureImage', podUid: uid, container: c.name, image: String(c.image), policy: pullPolicy(c) });
    actions.push({ type: 'runContainer', podUid: uid, container: c.name, init, attempt, ...(backoff ? { backoff } : {}) });
  };

  if (!isInitialized(pod, named)) {
    // Init containers one at a time, in order; each must exit 0 before the next starts.
    for (const c of initContainersOf(pod)) {
      const latest = named.get(c.name)?.[0];
      if (!latest) {
        startNew(c, true, 0, false);
        break;
      }
      if (latest.state === 'exited' && latest.exitCode === 0) continue;
      if (latest.state === 'created') actions.push({ type: 'startCreated', podUid: uid, id: latest.id, container: c.name });
      else if (latest.state === 'exited' && policy !== 'Never') startNew(c, true, attemptOf(latest) + 1, true);
      break;
    }
    return finish();
  }

  for (const c of appContainersOf(pod)) {
    const latest = named.get(c.name)?.[0];
    if (!latest) {
      startNew(c, false, 0, false);
      continue;
    }
    const changed = latest.labels[LABEL_HASH] !== undefined && latest.labels[LABEL_HASH] !== containerHash(c);
    if (latest.state === 'running') {
      if (changed) {
        // kubelet: "Container spec hash changed, will be restarted" — kill, then start the new spec without back-off.
        actions.push({ type: 'stopContainer', podUid: uid, id: latest.id, container: c.name, gracePeriodSeconds: grace, reason: 'Killing' });
        startNew(c, false, attemptOf(latest) + 1, false);
        continue;
      }
      const sick = book.unhealthy.get(latest.id);
      if (sick) {
        // A failed liveness/startup probe: kill it; once it has exited, the next round restarts it
        // per restartPolicy through the usual back-off (kubelet's computePodActions).
        actions.push({
          type: 'stopContainer',
          podUid: uid,
          id: latest.id,
          container: c.name,
          gracePeriodSeconds: sick.gracePeriodSeconds ?? grace,
          reason: 'Unhealthy',
          message: sick.message,
        });
      }
      continue;
    }
    if (latest.state === 'created') {
      if (changed) {
        actions.push({ type: 'removeContainer', podUid: uid, id: latest.id });
        startNew(c, false, attemptOf(latest) + 1, false);
      } else actions.push({ type: 'startCreated', podUid: uid, id: latest.id, container: c.name });
      continue;
    }
    if (latest.state === 'exited') {
      const restart = policy === 'Always' || (policy === 'OnFailure' && latest.exitCode !== 0);
      if (restart) startNew(c, false, attemptOf(latest) + 1, true);
    }
  }
  return finish();

  function finish(): PodPlanResult {
    return { actions, waiting, ...(requeue !== undefined ? { requeueAfterMs: Math.max(0, requeue) } : {}) };
  }
}

function pullPolicy(c: ContainerSpecLite): 'Always' | 'IfNotPresent' | 'Never' {
  const p = c.imagePullPolicy as string | undefined;
  if (p === 'Always' || p === 'IfNotPresent' || p === 'Never') return p;
  // The server defaults it; mirror Kubernetes' default when it did not.
  const img = String(c.image ?? '');
  return img.endsWith(':latest') || !/:[^/]+$/.test(img.split('@')[0]!) ? 'Always' : 'IfNotPresent';
}
