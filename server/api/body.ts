// Request bodies: bounded size (413 beyond it), JSON or YAML.

import type { IncomingMessage } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { errors } from './status.js';

/**
 * 3 MiB, kube-apiserver's default --max-request-bytes for JSON/YAML bodies
 * (the store rejects single objects above 1.5 MiB, as etcd does).
 */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) {
    req.resume();
    throw errors.tooLarge(`the request body is ${declared} bytes; the limit is ${limit} bytes`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      req.resume();
      throw errors.tooLarge(`the request body exceeds the limit of ${limit} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

/** Parse a JSON or YAML body; a syntax error is a 400 naming what failed. */
export function parseBody(raw: Buffer, contentType: string | undefined): unknown {
  const text = raw.toString('utf8');
  if (text.trim() === '') throw errors.badRequest('the request body is empty');
  const mt = mediaType(contentType);
  if (mt === 'application/vnd.kubernetes.protobuf' || mt === 'application/cbor') {
    // kubectl's typed commands (`kubectl create configmap`, `kubectl run`) send
    // protobuf; decoding it would need Kubernetes' generated .proto types.
    throw errors.unsupportedMediaType(
      `${mt} request bodies are not supported; send JSON or YAML (kubectl apply, edit, patch, label, scale and set work)`,
    );
  }
  if (mt === 'application/yaml' || mt === 'application/x-yaml' || mt === 'text/yaml') {
    try {
      return parseYaml(text);
    } catch (err) {
      throw errors.badRequest(`the request body is not valid YAML: ${(err as Error).message}`);
    }
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw errors.badRequest(`the request body is not valid JSON: ${(err as Error).message}`);
  }
}
