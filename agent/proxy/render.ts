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

const kind = (m: NftMap) => (m.spec.includes(' : ') ? 'map' : 'set');

/**
 * The table as one block, in `nft list` form: one "add" of every object. The
 * block form names each chain once instead of once per rule, so the text (and
 * nft's parse time) is far smaller than one `add rule` line per rule.
 */
export function renderTableBlock(rs: Ruleset): string {
  const out = [`table ${tableRef(rs)} {`, '\tcomment "edgeplane service proxy"'];
  for (const m of rs.maps.values()) {
    const els = m.elements.size ? ` elements = { ${elementText(m, m.elements)} };` : '';
    out.push(`\t${kind(m)} ${m.name} { ${m.spec}${els} }`);
  }
  for (const s of rs.sets.values()) out.push(`\tset ${s.name} { ${s.spec} }`);
  for (const c of rs.chains.values()) {
    out.push(`\tchain ${c.name} {`);
    if (c.base) out.push(`\t\t${c.base}`);
    for (const r of c.rules) out.push(`\t\t${r}`);
    out.push('\t}');
  }
  out.push('}');
  return out.join('\n') + '\n';
}

export function renderFull(rs: Ruleset): string {
  const t = tableRef(rs);
  return `add table ${t}\ndelete table ${t}\n` + renderTableBlock(rs);
}

export function renderResync(prev: Ruleset | undefined, rs: Ruleset): string {
  const t = tableRef(rs);
  const lines = [`add table ${t}`, `flush table ${t}`];
  // flush table empties chains only; maps are emptied here and refilled by the block.
  for (const m of rs.maps.values()) lines.push(`add ${kind(m)} ${t} ${m.name} { ${m.spec} }`, `flush ${kind(m)} ${t} ${m.name}`);
  const tail: string[] = [];
  if (prev) {
    // Every rule is gone after `flush table`, so nothing references these any more.
    for (const name of prev.chains.keys()) if (!rs.chains.has(name)) tail.push(`delete chain ${t} ${name}`);
    for (const name of prev.sets.keys()) if (!rs.sets.has(name)) tail.push(`delete set ${t} ${name}`);
  }
  return lines.join('\n') + '\n' + renderTableBlock(rs) + (tail.length ? tail.join('\n') + '\n' : '');
}

/** The full ruleset text for `nft -f` from the cluster's services and the local node. */
export function renderRuleset(cs: ClusterServices, node: LocalNode, table = DEFAULT_TABLE): string {
  return renderFull(buildRuleset(cs, node, table));
}
