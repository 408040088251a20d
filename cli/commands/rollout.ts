// `edgectl rollout status|history|undo|pause|resume|restart` for Deployments,
// with kubectl's wording. Rollback is client-side as in kubectl: the template
// of the chosen revision's ReplicaSet is patched back into the Deployment.

import { Command } from 'commander';
import { KINDS, type KindInfo } from '../../shared/api/kinds.js';
import type { KubeObject } from '../../shared/api/object.js';
import type { ApiClient } from '../client.js';
import { parseGoDuration } from '../duration.js';
import { CliError } from '../errors.js';
import { kindRef, resourcePath, resourceRef } from '../paths.js';
import { parseResourceArgs } from '../resources.js';
import { openSession, type GlobalOptions, type Session } from '../session.js';
import { ApiStatusError } from '../status.js';
import { HASH_LABEL, historyTable, ownedReplicaSets, REVISION, revisionOf, revisionTemplate } from '../rollout/history.js';
import { deploymentRolloutStatus } from '../rollout/status.js';

const DEPLOYMENT = KINDS.find((k) => k.kind === 'Deployment')!;
/** annotations a rollback keeps from the Deployment instead of taking them from the ReplicaSet */
const ANNOTATIONS_TO_SKIP = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION,
  'deployment.kubernetes.io/revision-history',
  'deployment.kubernetes.io/desired-replicas',
  'deployment.kubernetes.io/max-replicas',
  'deprecated.deployment.rollback.to',
]);

interface Target {
  session: Session;
  kind: KindInfo;
  name: string;
}

function targets(args: string[], cmd: Command, verb: string): Target[] {
  const session = openSession(cmd.optsWithGlobals<GlobalOptions>());
  const out: Target[] = [];
  for (const { kind, names } of parseResourceArgs(args, `rollout ${verb}`)) {
    if (kind !== DEPLOYMENT) throw new CliError(`no ${verb} has been implemented for ${kind.kind}: edgectl rolls out deployments`);
    if (names.length === 0) throw new CliError(`required resource not specified`);
    for (const name of names) out.push({ session, kind, name });
  }
  return out;
}

const path = (t: Target) => resourcePath(t.kind, t.session.namespace, t.name);
const ref = (t: Target) => `${kindRef(t.kind)}/${t.name}`;
const get = (t: Target) => t.session.client.get<KubeObject>(path(t));

function mergePatch(t: Target, body: unknown): Promise<KubeObject> {
  return t.session.client.call('PATCH', path(t), { body, contentType: 'application/merge-patch+json' });
}

export function rolloutCommand(): Command {
  const rollout = new Command('rollout').description('Manage the rollout of a Deployment');
  rollout.addCommand(
    new Command('status')
      .description('Watch the rollout status of a Deployment until it completes')
      .argument('<resources...>', 'deployment/NAME or deployment NAME')
      .option('-w, --watch [bool]', 'watch the status until the rollout finishes', 'true')
      .option('--timeout <duration>', 'give up after this long (e.g. 5m); 0 waits forever', '0s')
      .action(async (args: string[], opts: { watch: string | boolean; timeout: string }, cmd: Command) => {
        const timeoutMs = parseGoDuration(opts.timeout);
        if (timeoutMs === undefined) throw new CliError(`invalid --timeout "${opts.timeout}": expected a duration like 30s or 5m`);
        const watch = opts.watch !== 'false' && opts.watch !== false;
        for (const t of targets(args, cmd, 'status')) await status(t, watch, timeoutMs);
      }),
  );
  rollout.addCommand(
    new Command('history')
      .description('Show the revisions of a Deployment')
      .argument('<resources...>', 'deployment/NAME or deployment NAME')
      .option('--revision <n>', 'show the pod template of this revision', '0')
      .action(async (args: string[], opts: { revision: string }, cmd: Command) => {
        const revision = revisionFlag(opts.revision, '--revision');
        for (const t of targets(args, cmd, 'history')) {
          const d = await get(t);
          const rss = await ownedReplicaSets(t.session.client, d);
          if (revision > 0) {
            const rs = rss.find((r) => revisionOf(r) === revision);
            if (!rs) throw new CliError(`unable to find the specified revision`);
            process.stdout.write(`${ref(t)} with revision #${revision}\n${revisionTemplate(rs)}\n`);
          } else {
            process.stdout.write(`${ref(t)} \n${historyTable(rss)}\n`);
          }
        }
      }),
  );
  rollout.addCommand(
    new Command('undo')
      .description('Roll a Deployment back to the previous (or a given) revision')
      .argument('<resources...>', 'deployment/NAME or deployment NAME')
      .option('--to-revision <n>', 'the revision to roll back to; 0 means the previous one', '0')
      .action(async (args: string[], opts: { toRevision: string }, cmd: Command) => {
        const to = revisionFlag(opts.toRevision, '--to-revision');
        for (const t of targets(args, cmd, 'undo')) await undo(t, to);
      }),
  );
  rollout.addCommand(
    new Command('pause')
      .description('Pause a Deployment: template changes are not rolled out until it is resumed')
      .argument('<resources...>', 'deployment/NAME or deployment NAME')
      .action(async (args: string[], _o: unknown, cmd: Command) => {
        for (const t of targets(args, cmd, 'pause')) {
          const d = await get(t);
          if (d.spec?.paused) throw new CliError(`${resourceRef(t.kind)} "${t.name}" is already paused`);
          await mergePatch(t, { spec: { paused: true } });
          process.stdout.write(`${ref(t)} paused\n`);
        }
      }),
  );
  rollout.addCommand(
    new Command('resume')
      .description('Resume a paused Deployment')
      .argument('<resources...>', 'deployment/NAME or deployment NAME')
      .action(async (args: string[], _o: unknown, cmd: Command) => {
        for (const t of targets(args, cmd, 'resume')) {
          const d = await get(t);
          if (!d.spec?.paused) throw new CliError(`${resourceRef(t.kind)} "${t.name}" is not paused`);
          await mergePatch(t, { spec: { paused: null } });
          process.stdout.write(`${ref(t)} resumed\n`);
        }
      }),
  );
  rollout.addCommand(
    new Command('restart')
      .description('Restart the pods of a Deployment with a rolling update')
      .argument('<resources...>', 'deployment/NAME or deployment NAME')
      .action(async (args: string[], _o: unknown, cmd: Command) => {
        for (const t of targets(args, cmd, 'restart')) {
          const d = await get(t);
          if (d.spec?.paused) throw new CliError(`can't restart paused deployment (run rollout resume first)`);
          const at = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
          await mergePatch(t, { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': at } } } } });
          process.stdout.write(`${ref(t)} restarted\n`);
        }
      }),
  );
  return rollout;
}

function revisionFlag(v: string, flag: string): number {
  if (!/^\d+$/.test(v)) throw new CliError(`invalid ${flag} "${v}": must be a revision number`);
  return Number(v);
}

/** kubectl's deploymentRevision: the chosen revision, or the second newest */
async function undo(t: Target, to: number): Promise<void> {
  const d = await get(t);
  if (d.spec?.paused) {
    throw new CliError(`you cannot rollback a paused deployment; resume it first with 'edgectl rollout resume ${ref(t)}' and try again`);
  }
  const rss = await ownedReplicaSets(t.session.client, d);
  let target: KubeObject | undefined;
  if (to > 0) {
    target = rss.find((r) => revisionOf(r) === to);
    if (!target) throw new CliError(`unable to find specified revision ${to} in history`);
  } else {
    const sorted = rss.filter((r) => revisionOf(r) !== undefined).sort((a, b) => revisionOf(b)! - revisionOf(a)!);
    target = sorted[1];
    if (!target) throw new CliError(`no rollout history found for deployment "${t.name}"`);
  }
  const template = structuredClone(target.spec.template);
  if (template.metadata?.labels) delete template.metadata.labels[HASH_LABEL];
  if (sameTemplate(template, d.spec.template)) {
    process.stdout.write(`${ref(t)} skipped rollback (current template already matches revision ${revisionOf(target)})\n`);
    return;
  }
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) if (ANNOTATIONS_TO_SKIP.has(k)) annotations[k] = v;
  for (const [k, v] of Object.entries(target.metadata.annotations ?? {})) if (!ANNOTATIONS_TO_SKIP.has(k)) annotations[k] = v;
  // a JSON patch, as kubectl sends, pinned to the version the decision was made on
  const patch = [
    { op: 'test', path: '/metadata/resourceVersion', value: d.metadata.resourceVersion },
    { op: 'replace', path: '/spec/template', value: template },
    { op: 'replace', path: '/metadata/annotations', value: annotations },
  ];
  await t.session.client.call('PATCH', path(t), { body: patch, contentType: 'application/json-patch+json' });
  process.stdout.write(`${ref(t)} rolled back\n`);
}

function sameTemplate(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
    .join(',')}}`;
}

/**
 * Print the status line on every change until the rollout finished, failed
 * or the timeout passed; a watch the server ends is resumed.
 */
async function status(t: Target, watch: boolean, timeoutMs: number): Promise<void> {
  const client = t.session.client;
  const deadline = timeoutMs > 0 ? Date.now() + timeoutMs : Infinity;
  let last = '';
  const show = (d: KubeObject): boolean => {
    const s = deploymentRolloutStatus(d);
    if (s.error) throw new CliError(s.error);
    if (s.message !== last) process.stdout.write(`${s.message}\n`);
    last = s.message;
    return s.done;
  };
  let d = await get(t);
  if (show(d) || !watch) return;
  while (Date.now() < deadline) {
    const done = await watchUntil(client, t, d.metadata.resourceVersion!, deadline, (obj) => {
      d = obj;
      return show(obj);
    });
    if (done) return;
    if (Date.now() >= deadline) break;
    d = await get(t);
    if (show(d)) return;
  }
  throw new CliError('timed out waiting for the condition');
}

/** one watch of the Deployment; true when `onObject` said done */
async function watchUntil(client: ApiClient, t: Target, rv: string, deadline: number, onObject: (d: KubeObject) => boolean): Promise<boolean> {
  let stream;
  try {
    stream = await client.stream(resourcePath(t.kind, t.session.namespace), {
      watch: 'true',
      fieldSelector: `metadata.name=${t.name}`,
      resourceVersion: rv,
      allowWatchBookmarks: 'true',
    });
  } catch (err) {
    // 410: too old; the caller reads the object again
    if (err instanceof ApiStatusError && err.code === 410) return false;
    throw err;
  }
  const timer = deadline === Infinity ? undefined : setTimeout(() => stream.close(), Math.max(0, deadline - Date.now()));
  // only what the status says ends the command; a cut stream (timeout, server) is retried by the caller
  let verdict: CliError | undefined;
  try {
    for await (const raw of stream.values) {
      const ev = raw as { type: string; object: KubeObject };
      try {
        if (ev.type === 'DELETED') throw new CliError(`deployment "${t.name}" was deleted`);
        if ((ev.type === 'ADDED' || ev.type === 'MODIFIED') && onObject(ev.object)) return true;
      } catch (err) {
        verdict = err as CliError;
        break;
      }
    }
  } catch {
    // the stream ended abnormally
  } finally {
    if (timer) clearTimeout(timer);
    stream.close();
  }
  if (verdict) throw verdict;
  return false;
}
