// Ownership maps for the two integer ranges a Service draws from: ClusterIPs
// (offsets in the service CIDR) and NodePorts. Like Kubernetes' allocators
// (pkg/registry/core/service/ipallocator, portallocator) the range has a
// lower "static" band that dynamic allocation uses only when the upper band
// is full, so explicitly chosen values (cluster DNS, well-known services)
// rarely collide with random ones (KEP-3070 / KEP-3668).

export class OwnedRange {
  /** value -> owner (the Service uid) */
  private readonly owners = new Map<number, string>();

  constructor(
    /** first usable value */
    readonly first: number,
    /** last usable value */
    readonly last: number,
    /** values [first, first + staticBand) are preferred for explicit requests */
    private readonly staticBand: number,
    /** never handed out dynamically */
    private readonly reserved: ReadonlySet<number> = new Set(),
    private readonly random: () => number = Math.random,
  ) {}

  get used(): number {
    return this.owners.size;
  }

  inRange(v: number): boolean {
    return Number.isInteger(v) && v >= this.first && v <= this.last;
  }

  owner(v: number): string | undefined {
    return this.owners.get(v);
  }

  /** Claim `v` for `owner`; false if someone else holds it. Idempotent for the same owner. */
  claim(v: number, owner: string): boolean {
    const cur = this.owners.get(v);
    if (cur !== undefined && cur !== owner) return false;
    this.owners.set(v, owner);
    return true;
  }

  /** Free `v` if `owner` holds it (a stale release never frees someone else's value). */
  release(v: number, owner: string): void {
    if (this.owners.get(v) === owner) this.owners.delete(v);
  }

  /** A free value from the dynamic band (random start, then scan), else the static band; undefined when full. */
  next(owner: string): number | undefined {
    const split = Math.min(this.first + this.staticBand, this.last + 1);
    const v = this.scan(split, this.last) ?? this.scan(this.first, split - 1);
    if (v !== undefined) this.owners.set(v, owner);
    return v;
  }

  private scan(lo: number, hi: number): number | undefined {
    const size = hi - lo + 1;
    if (size <= 0) return undefined;
    const start = Math.floor(this.random() * size);
    for (let i = 0; i < size; i++) {
      const v = lo + ((start + i) % size);
      if (!this.owners.has(v) && !this.reserved.has(v)) return v;
    }
    return undefined;
  }
}

/** Parsed IPv4 CIDR: network and broadcast as 32-bit unsigned integers. */
export interface Cidr4 {
  network: number;
  broadcast: number;
  text: string;
}

export function parseIPv4(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const b = Number(p);
    if (b > 255) return undefined;
    n = n * 256 + b;
  }
  return n;
}

export function formatIPv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export function parseCidr4(cidr: string): Cidr4 {
  const [ip, bitsText] = cidr.split('/');
  const base = parseIPv4(ip ?? '');
  const bits = Number(bitsText);
  if (base === undefined || !Number.isInteger(bits) || bits < 1 || bits > 30) throw new Error(`invalid IPv4 CIDR ${JSON.stringify(cidr)}`);
  const size = 2 ** (32 - bits);
  const network = base - (base % size);
  return { network, broadcast: network + size - 1, text: `${formatIPv4(network)}/${bits}` };
}
