// Resource arguments as kubectl reads them: `pods`, `pods,deploy a b`,
// `pod/a deploy/b`, `all`.

import { resolveKind, type KindInfo } from '../shared/api/kinds.js';
import { CliError } from './errors.js';

export interface ResourceTarget {
  kind: KindInfo;
  /** empty: every object of the kind (subject to selectors) */
  names: string[];
}

/** kubectl's `all` category, restricted to the kinds Edgeplane serves. */
const ALL = ['pods', 'services', 'daemonsets', 'deployments', 'replicasets'];

export function resolveType(name: string): KindInfo {
  const kind = resolveKind(name);
  if (!kind) throw new CliError(`the server doesn't have a resource type "${name}"`);
  return kind;
}

export function parseResourceArgs(args: string[], command: string): ResourceTarget[] {
  if (args.some((a) => a.includes('/'))) {
    const plain = args.find((a) => !a.includes('/'));
    if (plain !== undefined) {
      throw new CliError(
        `there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'edgectl ${command} resource/<name>' instead of 'edgectl ${command} resource resource/<name>')`,
      );
    }
    const targets: ResourceTarget[] = [];
    for (const arg of args) {
      const slash = arg.indexOf('/');
      const type = arg.slice(0, slash);
      const name = arg.slice(slash + 1);
      if (!type || !name || name.includes('/')) throw new CliError(`arguments in resource/name form must have a single resource and name: "${arg}"`);
      const kind = resolveType(type);
      const existing = targets.find((t) => t.kind === kind);
      if (existing) existing.names.push(name);
      else targets.push({ kind, names: [name] });
    }
    return targets;
  }
  const [types, ...names] = args;
  const kinds: KindInfo[] = [];
  for (const t of types.split(',').filter((s) => s !== '')) {
    for (const k of t.toLowerCase() === 'all' ? ALL.map(resolveType) : [resolveType(t)]) if (!kinds.includes(k)) kinds.push(k);
  }
  if (kinds.length === 0) throw new CliError(`no resource type given in "${types}"`);
  return kinds.map((kind) => ({ kind, names: [...names] }));
}
