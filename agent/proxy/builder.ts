// RulesetBuilder: builds the ruleset for a stream of ClusterServices documents
// in time proportional to what changed, not to the number of services.
//
// Each service contributes a fragment (chains, sets, map elements) that depends
// only on the service and the local node, so fragments are cached by the
// service's content. An update removes the fragments of services that changed
// or left and adds those of new or changed services to a copy of the previous
// ruleset; objects several services share (the `service-lb-<proto>-<n>`
// chains, hairpin pairs of an endpoint in two services) are reference-counted.
// The result records what it touched (`Ruleset.delta`), so renderDiff only
// looks at those names and keys. Anything unusual (a different node, DNS
// address or table, two services claiming one key with different values)
// falls back to a complete build, which is what buildRuleset returns anyway.
import type { ClusterServices, ServiceEntry } from '../../shared/mqtt/cluster-services.js';
import { buildRuleset, DEFAULT_TABLE, isHeadless, serviceFragment, type Delta, type Fragment, type LocalNode, type NftMap, type Ruleset } from './ruleset.js';

const ref = (...parts: string[]) => parts.join('\u0000');

export class RulesetBuilder {
  /** content key → fragment, exactly the services of the last build */
  private fragments = new Map<string, Fragment>();
  /** how many fragments contribute each chain / set / element */
  private refs = new Map<string, number>();
  private last: { ctx: string; rs: Ruleset } | undefined;

  build(cs: ClusterServices, node: LocalNode, table = DEFAULT_TABLE): Ruleset {
    const ctx = JSON.stringify([table, node, cs.clusterDNS, cs.serviceCIDR]);
    const keyed = new Map<string, ServiceEntry>();
    for (const svc of cs.services) if (!isHeadless(svc)) keyed.set(JSON.stringify(svc), svc);
    const rs = this.last?.ctx === ctx ? this.incremental(this.last.rs, keyed, node) : undefined;
    return rs ?? this.full(cs, node, table, ctx, keyed);
  }

  /** Forgets everything: the next build is complete. */
  reset(): void {
    this.fragments.clear();
    this.refs.clear();
    this.last = undefined;
  }

  private full(cs: ClusterServices, node: LocalNode, table: string, ctx: string, keyed: Map<string, ServiceEntry>): Ruleset {
    const used = new Map<string, Fragment>();
    const keyOf = new Map<ServiceEntry, string>();
    for (const [k, svc] of keyed) keyOf.set(svc, k);
    const rs = buildRuleset(cs, node, table, (svc) => {
      const k = keyOf.get(svc) ?? JSON.stringify(svc);
      const f = this.fragments.get(k) ?? serviceFragment(svc, node);
      used.set(k, f);
      return f;
    });
    this.fragments = used;
    this.refs.clear();
    for (const f of used.values()) this.count(f, 1);
    this.last = { ctx, rs };
    return rs;
  }

  private count(f: Fragment, by: 1 | -1): void {
    const bump = (k: string) => this.refs.set(k, (this.refs.get(k) ?? 0) + by);
    for (const c of f.chains) bump(ref('c', c.name));
    for (const s of f.sets) bump(ref('s', s.name));
    for (const [m, k] of f.elements) bump(ref('e', m, k));
  }

  private incremental(prev: Ruleset, keyed: Map<string, ServiceEntry>, node: LocalNode): Ruleset | undefined {
    // prev's own delta is spent (it was diffed already); dropping it keeps only one generation alive
    prev.delta = undefined;
    const removed = [...this.fragments.keys()].filter((k) => !keyed.has(k));
    const added = [...keyed.keys()].filter((k) => !this.fragments.has(k));
    const delta: Delta = { base: prev, chains: new Set(), sets: new Set(), elements: new Map() };
    const chains = new Map(prev.chains);
    const sets = new Map(prev.sets);
    // copy-on-write: only maps this update touches are copied
    const maps = new Map(prev.maps);
    const touch = (name: string): NftMap => {
      let m = maps.get(name)!;
      if (m === prev.maps.get(name)) maps.set(name, (m = { ...m, elements: new Map(m.elements) }));
      let keys = delta.elements.get(name);
      if (!keys) delta.elements.set(name, (keys = new Set()));
      return m;
    };
    const dec = (k: string) => {
      const n = (this.refs.get(k) ?? 0) - 1;
      if (n > 0) this.refs.set(k, n);
      else this.refs.delete(k);
      return n;
    };
    for (const key of removed) {
      const f = this.fragments.get(key)!;
      this.fragments.delete(key);
      for (const c of f.chains) if (dec(ref('c', c.name)) <= 0) chains.delete(c.name), delta.chains.add(c.name);
      for (const s of f.sets) if (dec(ref('s', s.name)) <= 0) sets.delete(s.name), delta.sets.add(s.name);
      for (const [m, k] of f.elements) {
        if (dec(ref('e', m, k)) > 0) continue;
        touch(m).elements.delete(k);
        delta.elements.get(m)!.add(k);
      }
    }
    const inc = (k: string) => {
      const n = this.refs.get(k) ?? 0;
      this.refs.set(k, n + 1);
      return n;
    };
    for (const key of added) {
      const f = serviceFragment(keyed.get(key)!, node);
      this.fragments.set(key, f);
      for (const c of f.chains) {
        if (inc(ref('c', c.name)) === 0) chains.set(c.name, c), delta.chains.add(c.name);
        else if (chains.get(c.name)!.rules.join('\n') !== c.rules.join('\n')) return undefined; // two owners disagree: rebuild
      }
      for (const s of f.sets) if (inc(ref('s', s.name)) === 0) sets.set(s.name, s), delta.sets.add(s.name);
      for (const [m, k, v] of f.elements) {
        const had = inc(ref('e', m, k));
        const cur = maps.get(m)!.elements.get(k);
        if (had > 0 && cur !== v) return undefined; // e.g. two services with one NodePort: rebuild (last one wins)
        if (had > 0) continue;
        touch(m).elements.set(k, v);
        delta.elements.get(m)!.add(k);
      }
    }
    const rs: Ruleset = { table: prev.table, chains, maps, sets, delta };
    this.last = { ctx: this.last!.ctx, rs };
    return rs;
  }
}
