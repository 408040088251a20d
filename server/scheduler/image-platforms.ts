// Which os/arch an image provides, read from its registry over the OCI
// distribution API: GET /v2/<repo>/manifests/<ref> (an image index lists its
// platforms; a single manifest's config blob names one), anonymous first and
// with a Bearer token when the registry answers 401 with a challenge
// (the Docker token protocol). Results are cached with a TTL; failures are
// cached briefly as "unknown". Scheduling waits at most `budgetMs` for an
// answer: an unknown image is allowed anywhere, since a registry that cannot
// be reached must not stop pods from being placed.

import { parseImageRef, type ImageRef } from './image-ref.js';
import type { Platform } from './pod-info.js';

export interface ImagePlatformResolverOptions {
  /** how long known platforms are kept (default 1 h) */
  ttlMs?: number;
  /** how long a failed lookup is remembered as unknown (default 5 min) */
  negativeTtlMs?: number;
  /** per HTTP request (default 5 s) */
  requestTimeoutMs?: number;
  /** registries reached over plain HTTP; default: loopback hosts (as Docker allows) */
  plainHttp?: (registry: string) => boolean;
  /** which registries may be asked at all (default: every registry) */
  allowRegistry?: (registry: string) => boolean;
  now?: () => number;
  log?: (msg: string) => void;
  fetch?: typeof fetch;
}

const ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

const MAX_BODY = 4 * 1024 * 1024;

export class ImagePlatformError extends Error {
  constructor(
    readonly code: 'Unauthorized' | 'NotFound' | 'BadResponse' | 'Unreachable',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

interface Entry {
  platforms: Platform[] | undefined;
  expires: number;
}

function isLoopback(registry: string): boolean {
  const host = registry.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

/** `Bearer realm="…",service="…",scope="…"` → its parameters */
export function parseChallenge(header: string | null): { scheme: string; params: Record<string, string> } | undefined {
  if (!header) return undefined;
  const m = /^\s*(\w+)\s+(.*)$/.exec(header);
  if (!m) return undefined;
  const params: Record<string, string> = {};
  const re = /(\w+)=(?:"([^"]*)"|([^,\s]*))/g;
  let p: RegExpExecArray | null;
  while ((p = re.exec(m[2]))) params[p[1].toLowerCase()] = p[2] ?? p[3] ?? '';
  return { scheme: m[1].toLowerCase(), params };
}

/** platforms of an index (attestation entries, `unknown/unknown`, are not platforms) */
export function indexPlatforms(index: any): Platform[] {
  const out: Platform[] = [];
  for (const m of Array.isArray(index?.manifests) ? index.manifests : []) {
    const p = m?.platform;
    if (!p || typeof p.os !== 'string' || typeof p.architecture !== 'string') continue;
    if (p.os === 'unknown' || p.architecture === 'unknown') continue;
    out.push({ os: p.os, architecture: p.architecture, ...(typeof p.variant === 'string' ? { variant: p.variant } : {}) });
  }
  return out;
}

export class ImagePlatformResolver {
  private readonly cache = new Map<string, Entry>();
  private readonly inflight = new Map<string, Promise<Platform[] | undefined>>();
  /** Bearer tokens per registry + scope */
  private readonly tokens = new Map<string, { token: string; expires: number }>();
  private readonly now: () => number;
  private readonly fetch: typeof fetch;

  constructor(private readonly opts: ImagePlatformResolverOptions = {}) {
    this.now = opts.now ?? Date.now;
    this.fetch = opts.fetch ?? globalThis.fetch;
  }

  /** cached answer without waiting (undefined = unknown); starts a lookup when there is none */
  peek(image: string): Platform[] | undefined {
    const e = this.cache.get(image);
    if (e && e.expires > this.now()) return e.platforms;
    void this.lookup(image);
    return undefined;
  }

  /** the image's platforms, waiting at most `budgetMs`; undefined = unknown (allow) */
  async resolve(image: string, budgetMs = 1000): Promise<Platform[] | undefined> {
    const e = this.cache.get(image);
    if (e && e.expires > this.now()) return e.platforms;
    const p = this.lookup(image);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((r) => {
      timer = setTimeout(() => r(undefined), budgetMs);
      timer.unref?.();
    });
    try {
      return await Promise.race([p, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private lookup(image: string): Promise<Platform[] | undefined> {
    let p = this.inflight.get(image);
    if (p) return p;
    p = this.fetchPlatforms(image)
      .then((platforms) => {
        this.cache.set(image, { platforms, expires: this.now() + (this.opts.ttlMs ?? 3_600_000) });
        return platforms;
      })
      .catch((err) => {
        this.opts.log?.(`image platforms of ${image} unknown: ${(err as Error).message}`);
        this.cache.set(image, { platforms: undefined, expires: this.now() + (this.opts.negativeTtlMs ?? 300_000) });
        return undefined;
      })
      .finally(() => this.inflight.delete(image));
    this.inflight.set(image, p);
    return p;
  }

  /** the platforms, or undefined when the image names none (an index without platforms) */
  async fetchPlatforms(image: string): Promise<Platform[] | undefined> {
    const ref = parseImageRef(image);
    if (!ref) throw new ImagePlatformError('BadResponse', `cannot parse image reference ${JSON.stringify(image)}`);
    if (this.opts.allowRegistry && !this.opts.allowRegistry(ref.registry)) return undefined;
    const manifest = await this.getJson(ref, `manifests/${ref.digest ?? ref.tag}`);
    if (Array.isArray(manifest?.manifests)) {
      const platforms = indexPlatforms(manifest);
      return platforms.length > 0 ? platforms : undefined;
    }
    const digest = manifest?.config?.digest;
    if (typeof digest !== 'string') throw new ImagePlatformError('BadResponse', `manifest of ${image} has neither manifests nor config`);
    const config = await this.getJson(ref, `blobs/${digest}`);
    if (typeof config?.os !== 'string' || typeof config?.architecture !== 'string') return undefined;
    return [{ os: config.os, architecture: config.architecture, ...(typeof config.variant === 'string' ? { variant: config.variant } : {}) }];
  }

  private baseUrl(ref: ImageRef): string {
    const host = ref.registry === 'docker.io' ? 'registry-1.docker.io' : ref.registry;
    const plain = this.opts.plainHttp ? this.opts.plainHttp(ref.registry) : isLoopback(ref.registry);
    return `${plain ? 'http' : 'https'}://${host}/v2/${ref.repository}/`;
  }

  private async getJson(ref: ImageRef, path: string): Promise<any> {
    const url = this.baseUrl(ref) + path;
    const scope = `repository:${ref.repository}:pull`;
    const tokenKey = `${ref.registry} ${scope}`;
    const cached = this.tokens.get(tokenKey);
    let auth = cached && cached.expires > this.now() ? `Bearer ${cached.token}` : undefined;
    let res = await this.get(url, auth);
    if (res.status === 401) {
      const ch = parseChallenge(res.headers.get('www-authenticate'));
      await res.body?.cancel();
      if (!ch || ch.scheme !== 'bearer' || !ch.params.realm) {
        throw new ImagePlatformError('Unauthorized', `${url}: 401 without a Bearer challenge`);
      }
      const token = await this.token(ch.params, scope, tokenKey);
      auth = `Bearer ${token}`;
      res = await this.get(url, auth);
    }
    if (res.status === 404) {
      await res.body?.cancel();
      throw new ImagePlatformError('NotFound', `${url}: not found`);
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw new ImagePlatformError(res.status === 401 ? 'Unauthorized' : 'BadResponse', `${url}: HTTP ${res.status}`);
    }
    return this.body(res, url);
  }

  private async token(params: Record<string, string>, scope: string, key: string): Promise<string> {
    const u = new URL(params.realm);
    if (params.service) u.searchParams.set('service', params.service);
    u.searchParams.set('scope', params.scope || scope);
    const res = await this.get(u.toString(), undefined, 'application/json');
    if (!res.ok) {
      await res.body?.cancel();
      throw new ImagePlatformError('Unauthorized', `token endpoint ${u.origin}${u.pathname}: HTTP ${res.status}`);
    }
    const body = await this.body(res, u.toString());
    const token = body?.token ?? body?.access_token;
    if (typeof token !== 'string' || !token) throw new ImagePlatformError('Unauthorized', `token endpoint ${u.origin}${u.pathname} returned no token`);
    // expires_in defaults to 60 s in the token spec
    const ttl = (typeof body.expires_in === 'number' ? body.expires_in : 60) * 1000;
    this.tokens.set(key, { token, expires: this.now() + Math.max(0, ttl - 5_000) });
    return token;
  }

  private async get(url: string, authorization: string | undefined, accept = ACCEPT): Promise<Response> {
    try {
      return await this.fetch(url, {
        headers: { accept, ...(authorization ? { authorization } : {}) },
        redirect: 'follow',
        signal: AbortSignal.timeout(this.opts.requestTimeoutMs ?? 5_000),
      });
    } catch (err) {
      throw new ImagePlatformError('Unreachable', `${url}: ${(err as Error).message}`, { cause: err });
    }
  }

  private async body(res: Response, url: string): Promise<any> {
    const len = Number(res.headers.get('content-length') ?? 0);
    if (len > MAX_BODY) {
      await res.body?.cancel();
      throw new ImagePlatformError('BadResponse', `${url}: body too large (${len} bytes)`);
    }
    const text = await res.text();
    if (text.length > MAX_BODY) throw new ImagePlatformError('BadResponse', `${url}: body too large`);
    try {
      return JSON.parse(text);
    } catch (err) {
      throw new ImagePlatformError('BadResponse', `${url}: not JSON`, { cause: err });
    }
  }
}
