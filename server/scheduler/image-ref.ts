// Image references as containerd and the Docker CLI normalise them
// (github.com/distribution/reference ParseNormalizedNamed): `nginx` is
// `docker.io/library/nginx:latest`, `host:5000/app@sha256:…` names a registry.

export interface ImageRef {
  /** registry host[:port] as written (docker.io for Docker Hub) */
  registry: string;
  repository: string;
  tag?: string;
  digest?: string;
}

const DOCKER_HUB = 'docker.io';

export function parseImageRef(image: string): ImageRef | undefined {
  let rest = image.trim();
  if (!rest) return undefined;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!/^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/.test(digest)) return undefined;
  }
  let tag: string | undefined;
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > slash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!/^[\w][\w.-]{0,127}$/.test(tag)) return undefined;
  }
  const first = rest.indexOf('/');
  let registry = DOCKER_HUB;
  let repository = rest;
  if (first >= 0) {
    const head = rest.slice(0, first);
    if (head.includes('.') || head.includes(':') || head === 'localhost') {
      registry = head;
      repository = rest.slice(first + 1);
    }
  }
  if (registry === 'index.docker.io') registry = DOCKER_HUB;
  if (registry === DOCKER_HUB && !repository.includes('/')) repository = `library/${repository}`;
  if (!/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/.test(repository)) return undefined;
  if (!tag && !digest) tag = 'latest';
  return { registry, repository, tag, digest };
}

/** normalised references (every pod and every node image list is normalised; a fleet has few distinct images) */
const NORMALIZED_CACHE_SIZE = 4096;
const normalized = new Map<string, string>();

/** the fully qualified name (`docker.io/library/nginx:latest`); unparsable input is returned as is */
export function normalizeImage(image: string): string {
  let n = normalized.get(image);
  if (n === undefined) {
    const r = parseImageRef(image);
    n = r ? `${r.registry}/${r.repository}${r.tag ? `:${r.tag}` : ''}${r.digest ? `@${r.digest}` : ''}` : image;
    if (normalized.size >= NORMALIZED_CACHE_SIZE) normalized.clear();
    normalized.set(image, n);
  }
  return n;
}

