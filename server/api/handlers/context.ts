import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Identity } from '../../auth/tokens.js';
import type { Registry } from '../../registry/registry.js';
import type { Rendering } from '../negotiate.js';
import type { ResourceRequest } from '../request-info.js';

export interface ResourceContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  info: ResourceRequest;
  registry: Registry;
  identity: Identity;
  rendering: Rendering;
}
