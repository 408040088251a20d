// The API's TLS identity (issue #2 "Auth": bearer tokens must not travel in
// clear; client-go and client-node refuse to send them over plain HTTP). On
// first start the server creates a private CA and a serving certificate signed
// by it, like k3s does; the CA goes into the kubeconfigs as
// certificate-authority-data. Checking existing certificates uses Node's
// built-in X509Certificate; creating them runs generate.ts in a child process.

import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { hostname, networkInterfaces } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { readFileIfExists } from '../../shared/fs/read-if-exists.js';
import { createPrivateKey } from 'node:crypto';

const run = promisify(execFile);
const DAY = 24 * 3600 * 1000;
/** reissue the serving certificate when it expires within this window (k3s: 90 days) */
const RENEW_BEFORE_DAYS = 90;

export interface TlsMaterial {
  caPem: string;
  certPem: string;
  keyPem: string;
}

export interface Sans {
  dns: string[];
  ips: string[];
}

/** The names a client may use to reach this server. */
export function defaultSans(bindAddress: string, extra: string[] = []): Sans {
  const dns = new Set(['localhost', hostname()]);
  const ips = new Set(['127.0.0.1', '::1']);
  if (bindAddress && bindAddress !== '0.0.0.0' && bindAddress !== '::') ips.add(bindAddress);
  else {
    for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) ips.add(a.address.replace(/%.*$/, ''));
  }
  for (const e of extra) (/^[\d.]+$|:/.test(e) ? ips : dns).add(e);
  return { dns: [...dns].sort(), ips: [...ips].sort() };
}

/** Usable as is: signed by our CA, not near expiry, names every SAN, matches its key. */
function usable(certPem: string, keyPem: string, caPem: string, sans: Sans): boolean {
  try {
    const cert = new X509Certificate(certPem);
    const ca = new X509Certificate(caPem);
    if (!cert.checkIssued(ca) || !cert.verify(ca.publicKey)) return false;
    if (new Date(cert.validTo).getTime() - Date.now() < RENEW_BEFORE_DAYS * DAY) return false;
    if (!sans.dns.every((d) => cert.checkHost(d, { subject: 'never' }) === d)) return false;
    if (!sans.ips.every((ip) => cert.checkIP(ip) === ip)) return false;
    return cert.checkPrivateKey(createPrivateKey(keyPem));
  } catch {
    return false;
  }
}

async function readAll(dir: string) {
  const [caPem, certPem, keyPem] = await Promise.all(['ca.crt', 'server.crt', 'server.key'].map((f) => readFileIfExists(join(dir, f))));
  return { caPem, certPem, keyPem };
}

/**
 * Load the CA and serving certificate under `<dataDir>/tls/`, creating or
 * reissuing what is missing, about to expire, or lacks one of `sans`.
 */
export async function loadOrCreateTls(dataDir: string, sans: Sans): Promise<TlsMaterial> {
  const dir = join(dataDir, 'tls');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  let m = await readAll(dir);
  if (m.caPem && m.certPem && m.keyPem && usable(m.certPem, m.keyPem, m.caPem, sans)) {
    return { caPem: m.caPem, certPem: m.certPem, keyPem: m.keyPem };
  }
  const script = join(dirname(fileURLToPath(import.meta.url)), 'generate.js');
  try {
    await run(process.execPath, [script, dir, JSON.stringify(sans)], { timeout: 120_000 });
  } catch (err) {
    throw new Error(`cannot create the API certificate in ${dir}: ${((err as { stderr?: string }).stderr || (err as Error).message).trim()}`, { cause: err });
  }
  m = await readAll(dir);
  if (!m.caPem || !m.certPem || !m.keyPem || !usable(m.certPem, m.keyPem, m.caPem, sans)) {
    throw new Error(`the certificate generated in ${dir} is not usable`);
  }
  return { caPem: m.caPem, certPem: m.certPem, keyPem: m.keyPem };
}
