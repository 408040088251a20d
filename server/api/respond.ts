import type { ServerResponse } from 'node:http';
import { stringify as toYaml } from 'yaml';
import type { Status } from '../../shared/api/object.js';

export function writeJson(res: ServerResponse, code: number, body: unknown, warnings: string[] = []): void {
  const text = JSON.stringify(body);
  const headers: Record<string, string | string[]> = {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(text)),
    'cache-control': 'no-cache, private',
  };
  // RFC 7234 warning header, as the apiserver sends for fieldValidation=Warn
  if (warnings.length) headers.warning = warnings.map((w) => `299 - ${JSON.stringify(w)}`);
  res.writeHead(code, headers);
  res.end(text);
}

export function writeYaml(res: ServerResponse, code: number, body: unknown): void {
  const text = toYaml(body);
  res.writeHead(code, { 'content-type': 'application/yaml', 'content-length': String(Buffer.byteLength(text)) });
  res.end(text);
}

export function writeStatus(res: ServerResponse, status: Status): void {
  writeJson(res, status.code, status);
}

export function writeText(res: ServerResponse, code: number, text: string): void {
  res.writeHead(code, { 'content-type': 'text/plain; charset=utf-8', 'content-length': String(Buffer.byteLength(text)) });
  res.end(text);
}
