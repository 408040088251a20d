// Ruleset → `nft -f` text (pure). Everything is one transaction: nft applies a
// whole file atomically, so a failing line leaves the previous ruleset intact.
//
// Full sync (start, after a failed apply): `add table` + `delete table` + the
// whole table, so no stale object can survive and re-applying is idempotent.
// Resync (periodic): `flush table` (rules only: maps and sets keep existing) and
// re-declare everything, so ClientIP affinity state survives; stale objects
// known from the previous apply are deleted.
import type { ClusterServices } from '../../shared/mqtt/cluster-services.js';
import { buildRuleset, DEFAULT_TABLE, type Chain, type LocalNode, type NftMap, type Ruleset } from './ruleset.js';

export const FAMILY = 'ip';

export function tableRef(rs: { table: string }): string {
  return `${FAMILY} ${rs.table}`;
}

export function addChainLine(t: string, c: Chain): string {
  return c.base ? `add chain ${t} ${c.name} { ${c.base} }` : `add chain ${t} ${c.name}`;
}

export function ruleLines(t: string, c: Chain): string[] {
  return c.rules.map((r) => `add rule ${t} ${c.name} ${r}`);
}

function elementText(m: NftMap, entries: Iterable<[string, string]>): string {
  const parts: string[] = [];
  for (const [k, v] of entries) parts.push(v ? `${k} : ${v}` : k);
  return parts.join(', ');
}

/** One `add element` command per map (one command for 1,000 elements parses far faster than 1,000). */
export function elementLine(verb: 'add' | 'delete', t: string, m: NftMap, entries: Array<[string, string]>): string[] {
  if (entries.length === 0) return [];
  const items = verb === 'delete' ? entries.map(([k]) => [k, ''] as [string, string]) : entries;
  return [`${verb} element ${t} ${m.name} { ${elementText(m, items)} }`];
}

function declarations(rs: Ruleset, flushMaps: boolean): string[] {
  const t = tableRef(rs);
  const out: string[] = [];
  for (const m of rs.maps.values()) {
    out.push(`add ${m.spec.includes(': verdict') ? 'map' : 'set'} ${t} ${m.name} { ${m.spec} }`);
    if (flushMaps) out.push(`flush ${m.spec.includes(': verdict') ? 'map' : 'set'} ${t} ${m.name}`);
  }
  for (const s of rs.sets.values()) out.push(`add set ${t} ${s.name} { ${s.spec} }`);
  for (const c of rs.chains.values()) out.push(addChainLine(t, c));
  return out;
}

function contents(rs: Ruleset): string[] {
  const t = tableRef(rs);
  const out: string[] = [];
  for (const c of rs.chains.values()) out.push(...ruleLines(t, c));
  for (const m of rs.maps.values()) out.push(...elementLine('add', t, m, [...m.elements]));
  return out;
}

export function renderFull(rs: Ruleset): string {
  const t = tableRef(rs);
  const lines = [
    `add table ${t}`,
    `delete table ${t}`,
    `add table ${t} { comment "edgeplane service proxy"; }`,
    ...declarations(rs, false),
    ...contents(rs),
  ];
  return lines.join('\n') + '\n';
}

export function renderResync(prev: Ruleset | undefined, rs: Ruleset): string {
  const t = tableRef(rs);
  const lines = [`add table ${t} { comment "edgeplane service proxy"; }`, `flush table ${t}`, ...declarations(rs, true), ...contents(rs)];
  if (prev) {
    // Every rule is gone after `flush table`, so nothing references these any more.
    for (const name of prev.chains.keys()) if (!rs.chains.has(name)) lines.push(`delete chain ${t} ${name}`);
    for (const name of prev.sets.keys()) if (!rs.sets.has(name)) lines.push(`delete set ${t} ${name}`);
  }
  return lines.join('\n') + '\n';
}

/** The full ruleset text for `nft -f` from the cluster's services and the local node. */
export function renderRuleset(cs: ClusterServices, node: LocalNode, table = DEFAULT_TABLE): string {
  return renderFull(buildRuleset(cs, node, table));
}
