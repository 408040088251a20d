// /etc/resolv.conf (resolv.conf(5)): the node's upstream resolvers for names
// outside the cluster domain, and the input of pods with dnsPolicy Default.

export interface ResolvConf {
  nameservers: string[];
  searches: string[];
  options: string[];
}

/** Never throws; unknown lines are ignored (as the libc resolver does). */
export function parseResolvConf(text: string): ResolvConf {
  const out: ResolvConf = { nameservers: [], searches: [], options: [] };
  for (const raw of text.split('\n')) {
    const line = raw.replace(/[#;].*$/, '').trim();
    if (!line) continue;
    const [key, ...rest] = line.split(/\s+/);
    if (key === 'nameserver' && rest[0]) out.nameservers.push(rest[0]);
    // the last search/domain line wins
    else if (key === 'search' || key === 'domain') out.searches = rest;
    else if (key === 'options') out.options.push(...rest);
  }
  return out;
}

export interface Upstream {
  host: string;
  port: number;
}

/** `1.2.3.4`, `1.2.3.4:5353`, `::1`, `[::1]:5353` → host and port (53 by default). */
export function parseUpstream(s: string): Upstream | undefined {
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(s);
  if (bracket) return { host: bracket[1], port: bracket[2] ? Number(bracket[2]) : 53 };
  const v4 = /^(\d{1,3}(?:\.\d{1,3}){3})(?::(\d+))?$/.exec(s);
  if (v4) return { host: v4[1], port: v4[2] ? Number(v4[2]) : 53 };
  // a bare IPv6 address (possibly with a %zone)
  if (s.includes(':')) return { host: s, port: 53 };
  return undefined;
}
