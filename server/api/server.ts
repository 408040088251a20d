// The HTTP front door: authentication, authorization, routing to the resource
// handlers and the non-resource endpoints (discovery, OpenAPI, health).

import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { authorize } from '../auth/authorize.js';
import { bearerToken, type Identity, type TokenAuthenticator } from '../auth/tokens.js';
import type { Registry } from '../registry/registry.js';
import { apiGroupDoc, apiGroupList, apiResourceList, apiVersions, versionInfo } from './discovery.js';
import { handleGet, handleList } from './handlers/read.js';
import { handleCreate, handleDelete, handlePatch, handleUpdate } from './handlers/write.js';
import { handleWatch } from './handlers/watch.js';
import { handleScale } from './handlers/scale.js';
import { handleBinding } from './handlers/binding.js';
import { handleEviction } from './handlers/eviction.js';
import { METRICS_GROUP, metricsGroup, metricsResourceList, type NodeMetricsCache } from '../metrics/node-metrics.js';
import type { PodMetricsCache } from '../metrics/pod-metrics.js';
import type { ResourceContext } from './handlers/context.js';
import { negotiate } from './negotiate.js';
import { openApiV2, openApiV3Document, openApiV3Index } from './openapi.js';
import { parseRequestInfo, UnknownResource } from './request-info.js';
import { writeJson, writeStatus, writeText } from './respond.js';
import { ApiError, errors } from './status.js';
import type { NodeRpc } from '../broker/rpc.js';
import { handlePodLog } from './pods/log.js';
import { ExecEndpoint } from './pods/exec.js';

export interface ApiServerOptions {
  registry: Registry;
  /** may be set after listen() (the kubeconfig names the bound port); until then every request is 401 */
  auth?: TokenAuthenticator;
  /** reported in /api serverAddressByClientCIDRs */
  advertiseAddress?: string;
  log?: (msg: string) => void;
  /** readiness: false while the store is not open */
  ready?: () => boolean;
  /** the node RPC for pods/log and pods/exec (the broker starts after the API) */
  nodeRpc?: () => NodeRpc | undefined;
  /** serving certificate chain and key (PEM) */
  tls: { certPem: string; keyPem: string };
  /** in-memory node usage, served at /apis/metrics.k8s.io/v1beta1 (kubectl top) */
  nodeMetrics?: NodeMetricsCache;
  /** in-memory pod usage, served at /apis/metrics.k8s.io/v1beta1 (kubectl top pods) */
  podMetrics?: PodMetricsCache;
}

/** Endpoints anyone may read (Kubernetes' system:public-info-viewer role). */
const PUBLIC_PATHS = new Set(['/healthz', '/readyz', '/livez', '/version']);

export class ApiServer {
  readonly http: Server;
  auth: TokenAuthenticator | undefined;
  private readonly exec: ExecEndpoint;
  constructor(private readonly opts: ApiServerOptions) {
    this.auth = opts.auth;
    this.exec = new ExecEndpoint({ registry: opts.registry, auth: () => this.auth, rpc: () => opts.nodeRpc?.() });
    this.http = createServer({ cert: opts.tls.certPem, key: opts.tls.keyPem }, (req, res) => {
      this.handle(req, res).catch((err) => this.fail(res, err));
    });
    // WebSocket upgrades: pods/exec here, /mqtt in the broker; anything else is dropped
    this.http.on('upgrade', (req, socket, head) => {
      if (this.exec.upgrade(req, socket, head)) return;
      const path = (req.url ?? '').split('?')[0];
      if (path !== '/mqtt' || this.http.listenerCount('upgrade') === 1) socket.destroy();
    });
    // watches are long-lived; the per-request timeout is the watch's own
    this.http.requestTimeout = 0;
    this.http.headersTimeout = 30_000;
    this.http.keepAliveTimeout = 65_000;
  }

  async listen(port: number, host: string): Promise<AddressInfo> {
    await new Promise<void>((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(port, host, () => {
        this.http.off('error', reject);
        resolve();
      });
    });
    return this.http.address() as AddressInfo;
  }

  async close(): Promise<void> {
    this.exec.close();
    await new Promise<void>((resolve) => {
      this.http.close(() => resolve());
      this.http.closeAllConnections();
    });
  }

  private fail(res: ServerResponse, err: unknown): void {
    const apiErr = err instanceof ApiError ? err : errors.internal((err as Error)?.message ?? String(err), err);
    if (apiErr.status.code >= 500) this.opts.log?.(`api error: ${(err as Error)?.stack ?? String(err)}`);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    writeStatus(res, apiErr.status);
  }

  private authenticate(req: IncomingMessage): Identity | undefined {
    const token = bearerToken(req.headers.authorization);
    return token && this.auth ? this.auth.authenticate(token) : undefined;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
    const identity = this.authenticate(req);
    if (PUBLIC_PATHS.has(path)) return this.publicEndpoint(path, res);
    if (!identity) throw errors.unauthorized();

    if (this.opts.nodeMetrics && (path === `/apis/${METRICS_GROUP}` || path.startsWith(`/apis/${METRICS_GROUP}/`))) {
      return this.metrics(path, url, req, res, identity);
    }
    let info;
    try {
      info = parseRequestInfo(req.method ?? 'GET', path, url.searchParams);
    } catch (err) {
      if (err instanceof UnknownResource) throw errors.pathNotFound(path);
      throw err;
    }
    if (!info.isResource) return this.nonResource(path, req, res);

    const decision = authorize(identity, info.verb, info.kind.resource);
    if (!decision.allowed) {
      const what = `${info.kind.resource}${info.kind.group ? '.' + info.kind.group : ''}`;
      const scope = info.namespace ? ` in the namespace "${info.namespace}"` : ' at the cluster scope';
      throw errors.forbidden(
        `${what}${info.name ? ` "${info.name}"` : ''} is forbidden: User "${identity.name}" cannot ${info.verb} resource "${info.kind.resource}"${info.kind.group ? ` in API group "${info.kind.group}"` : ' in API group ""'}${scope}: ${decision.reason}`,
        { name: info.name || undefined, group: info.kind.group || undefined, kind: info.kind.resource },
      );
    }
    const rendering = negotiate(req.headers.accept);
    if (!rendering) throw errors.notAcceptable(`only the following media types are accepted: application/json, application/yaml, application/json;as=Table;v=v1;g=meta.k8s.io`);
    const ctx: ResourceContext = { req, res, url, info, registry: this.opts.registry, identity, rendering };
    if (info.subresource === 'scale') return handleScale(ctx);
    if (info.subresource === 'log' && info.kind.kind === 'Pod') return handlePodLog(ctx, this.opts.nodeRpc?.());
    if (info.subresource === 'binding') return handleBinding(ctx);
    if (info.subresource === 'eviction') return handleEviction(ctx);
    const finalize = info.subresource === 'finalize' && info.kind.kind === 'Namespace' && info.verb === 'update';
    if (info.subresource && info.subresource !== 'status' && !finalize) throw errors.pathNotFound(path);
    switch (info.verb) {
      case 'get':
        return handleGet(ctx);
      case 'list':
        return handleList(ctx);
      case 'watch':
        return handleWatch(ctx);
      case 'create':
        return handleCreate(ctx);
      case 'update':
        return handleUpdate(ctx);
      case 'patch':
        return handlePatch(ctx);
      case 'delete':
      case 'deletecollection':
        return handleDelete(ctx);
    }
  }

  /** the resource metrics API (metrics-server's): node usage, and pod usage when a pod cache is given */
  private async metrics(path: string, url: URL, req: IncomingMessage, res: ServerResponse, identity: Identity): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') throw errors.methodNotAllowed(req.method ?? '', path);
    const cache = this.opts.nodeMetrics!;
    const base = `/apis/${METRICS_GROUP}`;
    if (path === base) return writeJson(res, 200, { kind: 'APIGroup', apiVersion: 'v1', ...metricsGroup() });
    if (path === `${base}/v1beta1`) return writeJson(res, 200, metricsResourceList(!!this.opts.podMetrics));
    const pm = /^\/apis\/metrics\.k8s\.io\/v1beta1\/(?:namespaces\/([^/]+)\/)?pods(?:\/([^/]+))?$/.exec(path);
    if (pm && this.opts.podMetrics && !(pm[2] && !pm[1])) {
      const ns = pm[1] ? decodeURIComponent(pm[1]) : '';
      const name = pm[2] ? decodeURIComponent(pm[2]) : undefined;
      const verb = name ? 'get' : 'list';
      if (!authorize(identity, verb, 'pods').allowed) {
        const scope = ns ? ` in the namespace "${ns}"` : ' at the cluster scope';
        throw errors.forbidden(`pods.metrics.k8s.io is forbidden: User "${identity.name}" cannot ${verb} resource "pods" in API group "metrics.k8s.io"${scope}`);
      }
      const cache = this.opts.podMetrics;
      if (name) return writeJson(res, 200, await cache.get(this.opts.registry, ns, name));
      return writeJson(res, 200, await cache.list(this.opts.registry, ns, url.searchParams.get('labelSelector')));
    }
    const m = /^\/apis\/metrics\.k8s\.io\/v1beta1\/nodes(?:\/([^/]+))?$/.exec(path);
    if (!m) throw errors.pathNotFound(path);
    const decision = authorize(identity, m[1] ? 'get' : 'list', 'nodes');
    if (!decision.allowed) throw errors.forbidden(`nodes.metrics.k8s.io is forbidden: User "${identity.name}" cannot list resource "nodes" in API group "metrics.k8s.io"`);
    if (!m[1]) return writeJson(res, 200, cache.list());
    const name = decodeURIComponent(m[1]);
    const obj = cache.get(name);
    if (!obj) throw errors.notFound('nodes', METRICS_GROUP, name);
    writeJson(res, 200, obj);
  }

  private publicEndpoint(path: string, res: ServerResponse): void {
    if (path === '/version') return writeJson(res, 200, versionInfo());
    const ready = this.opts.ready?.() ?? true;
    if (path === '/readyz' && !ready) return writeText(res, 503, '[-]store failed: not open\nreadyz check failed');
    writeText(res, 200, 'ok');
  }

  private nonResource(path: string, req: IncomingMessage, res: ServerResponse): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') throw errors.methodNotAllowed(req.method ?? '', path);
    switch (path) {
      case '/api':
        return writeJson(res, 200, apiVersions(this.opts.advertiseAddress ?? req.headers.host ?? ''));
      case '/api/v1':
        return writeJson(res, 200, apiResourceList(''));
      case '/apis': {
        const list = apiGroupList() as { groups: unknown[] };
        if (this.opts.nodeMetrics) list.groups = [...list.groups, metricsGroup()];
        return writeJson(res, 200, list);
      }
      case '/openapi/v2': {
        const doc = openApiV2();
        res.writeHead(200, { 'content-type': 'application/json', etag: `"${doc.hash}"` });
        res.end(doc.body);
        return;
      }
      case '/openapi/v3':
        return writeJson(res, 200, openApiV3Index());
    }
    let m = /^\/apis\/([^/]+)$/.exec(path);
    if (m) {
      const doc = apiGroupDoc(m[1]);
      if (doc) return writeJson(res, 200, doc);
    }
    m = /^\/apis\/([^/]+)\/v1$/.exec(path);
    if (m && apiGroupDoc(m[1])) return writeJson(res, 200, apiResourceList(m[1]));
    m = /^\/openapi\/v3\/(.+)$/.exec(path);
    if (m) {
      const doc = openApiV3Document(m[1]);
      if (doc) {
        // immutable per hash, as kube-apiserver serves it
        res.writeHead(200, { 'content-type': 'application/json', etag: `"${doc.hash}"`, 'cache-control': 'public, immutable' });
        res.end(doc.body);
        return;
      }
    }
    throw errors.pathNotFound(path);
  }
}
