// Image references the way Docker/Kubernetes read them. ctr needs fully
// qualified references, so `busybox` must become docker.io/library/busybox:latest.

export function normalizeImageRef(ref: string): string {
  let name = ref;
  let suffix = '';
  const at = name.indexOf('@');
  if (at >= 0) {
    suffix = name.slice(at);
    name = name.slice(0, at);
  }
  const slash = name.indexOf('/');
  const first = slash >= 0 ? name.slice(0, slash) : '';
  const hasRegistry = slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (!hasRegistry) {
    name = `docker.io/${slash >= 0 ? name : `library/${name}`}`;
  }
  const lastSlash = name.lastIndexOf('/');
  if (!suffix && !name.slice(lastSlash + 1).includes(':')) name += ':latest';
  return name + suffix;
}

/** Registry host of a normalized reference. */
export function registryHost(ref: string): string {
  return normalizeImageRef(ref).split('/')[0]!;
}

/** Loopback registries are plain HTTP (Debian's docker-registry in tests). */
export function isPlainHttpRegistry(ref: string): boolean {
  const host = registryHost(ref).replace(/:\d+$/, '');
  return host === 'localhost' || host === '127.0.0.1' || host === '[::1]';
}
