// Incremental update (pure): the transaction that turns the applied ruleset
// `prev` into `next`, touching only what changed, as kube-proxy's nftables
// mode does between full syncs: changed chains are flushed and rewritten, map
// elements added/deleted, stale chains and sets deleted. Returns '' when
// nothing changed, or undefined when only a full sync can do it (the table
// name or a base chain's hook changed).
//
// Order matters inside the transaction: objects must exist before a rule or
// element references them, and a chain or set can only be deleted once no rule
// or element references it any more.
import type { Ruleset } from './ruleset.js';
import { addChainLine, elementLine, ruleLines, tableRef } from './render.js';

const sameRules = (a: string[], b: string[]) => a.length === b.length && a.every((r, i) => r === b[i]);

export function renderDiff(prev: Ruleset, next: Ruleset): string | undefined {
  if (prev.table !== next.table) return undefined;
  // With a delta from RulesetBuilder, only the names and keys it touched can differ.
  const d = next.delta?.base === prev ? next.delta : undefined;
  for (const name of d ? d.chains : next.chains.keys()) {
    const c = next.chains.get(name);
    const p = prev.chains.get(name);
    if (c && p && p.base !== c.base) return undefined;
  }
  for (const [name, m] of next.maps) if (prev.maps.get(name)?.spec !== m.spec) return undefined;

  const t = tableRef(next);
  const addObjects: string[] = [];
  const delElements: string[] = [];
  const flushes: string[] = [];
  const rules: string[] = [];
  const addElements: string[] = [];
  const deletes: string[] = [];

  for (const name of d ? d.sets : next.sets.keys()) {
    const s = next.sets.get(name);
    if (s && !prev.sets.has(name)) addObjects.push(`add set ${t} ${s.name} { ${s.spec} }`);
  }
  for (const name of d ? d.chains : next.chains.keys()) {
    const c = next.chains.get(name);
    if (!c) continue;
    const p = prev.chains.get(c.name);
    if (!p) {
      addObjects.push(addChainLine(t, c));
      rules.push(...ruleLines(t, c));
    } else if (p !== c && !sameRules(p.rules, c.rules)) {
      flushes.push(`flush chain ${t} ${c.name}`);
      rules.push(...ruleLines(t, c));
    }
  }
  for (const m of next.maps.values()) {
    const old = prev.maps.get(m.name)!.elements;
    if (old === m.elements) continue;
    const gone: Array<[string, string]> = [];
    const added: Array<[string, string]> = [];
    if (d) {
      for (const k of d.elements.get(m.name) ?? []) {
        const [ov, nv] = [old.get(k), m.elements.get(k)];
        if (ov === nv) continue;
        if (ov !== undefined) gone.push([k, ov]);
        if (nv !== undefined) added.push([k, nv]);
      }
    } else {
      for (const [k, v] of old) if (m.elements.get(k) !== v) gone.push([k, v]);
      for (const [k, v] of m.elements) if (old.get(k) !== v) added.push([k, v]);
    }
    delElements.push(...elementLine('delete', t, m, gone));
    addElements.push(...elementLine('add', t, m, added));
  }
  for (const name of d ? d.chains : prev.chains.keys()) {
    if (next.chains.has(name) || !prev.chains.has(name)) continue;
    // Flush every stale chain before deleting any: a stale svc chain references stale endpoint chains.
    flushes.push(`flush chain ${t} ${name}`);
    deletes.push(`delete chain ${t} ${name}`);
  }
  for (const name of d ? d.sets : prev.sets.keys()) if (prev.sets.has(name) && !next.sets.has(name)) deletes.push(`delete set ${t} ${name}`);

  const lines = [...addObjects, ...delElements, ...flushes, ...rules, ...addElements, ...deletes];
  return lines.length ? lines.join('\n') + '\n' : '';
}
