// Pod network namespaces as named netns (`ip netns`): a bind mount under
// /run/netns that outlives the containers, so every container of a pod (and a
// restarted one) joins the same namespace by path.
import { run, runOk } from '../runtime/run.js';
import { EdgeplaneError } from '../../shared/errors.js';

export const NETNS_DIR = '/run/netns';

export function netnsPath(name: string): string {
  return `${NETNS_DIR}/${name}`;
}

export async function netnsExists(name: string): Promise<boolean> {
  const r = await run('ip', ['netns', 'list']);
  return r.stdout.split('\n').some((l) => l.split(/\s+/)[0] === name);
}

/** Creates the namespace (idempotent) with loopback still down: the CNI loopback plugin brings it up. */
export async function createNetns(name: string): Promise<string> {
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(name)) throw new EdgeplaneError('InvalidNetnsName', `bad netns name ${name}`);
  if (!(await netnsExists(name))) await runOk('NetnsCreateFailed', 'ip', ['netns', 'add', name]);
  return netnsPath(name);
}

/** Deletes the namespace; a missing one is fine (delete is retried after crashes). */
export async function deleteNetns(name: string): Promise<void> {
  const r = await run('ip', ['netns', 'delete', name]);
  if (r.exitCode !== 0 && !/No such file|not found/i.test(r.stderr)) {
    throw new EdgeplaneError('NetnsDeleteFailed', `ip netns delete ${name}: ${r.stderr.trim()}`, { cause: r });
  }
}
