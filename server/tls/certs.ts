// The API's TLS identity (issue #2 "Auth": bearer tokens must not travel in
// clear; client-go and client-node refuse to send them over plain HTTP).
// On first start the server creates a private CA and a serving certificate
// signed by it, like k3s does; the CA goes into the kubeconfigs as
// certificate-authority-data. ECDSA P-256: generated in milliseconds even on a
// Raspberry Pi, and accepted by every TLS client we care about.

import 'reflect-metadata'; // @peculiar/x509's DI container (tsyringe) needs the polyfill
import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { hostname, networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../../shared/fs/atomic-write.js';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY = 24 * 3600 * 1000;
const CA_VALIDITY_DAYS = 3650;
const SERVING_VALIDITY_DAYS = 365;
/** reissue the serving certificate when it expires within this window (k3s: 90 days) */
const RENEW_BEFORE_DAYS = 90;

export interface TlsMaterial {
  caPem: string;
  certPem: string;
  keyPem: string;
}

interface Pair {
  cert: x509.X509Certificate;
  keys: CryptoKeyPair;
}

function serial(): string {
  const b = webcrypto.getRandomValues(new Uint8Array(16));
  b[0] &= 0x7f; // positive
  return Buffer.from(b).toString('hex');
}

async function keyPem(key: CryptoKey): Promise<string> {
  return x509.PemConverter.encode(await webcrypto.subtle.exportKey('pkcs8', key as any), 'PRIVATE KEY');
}

async function importKey(pem: string, cert: x509.X509Certificate): Promise<CryptoKeyPair> {
  const der = x509.PemConverter.decode(pem)[0];
  const privateKey = (await webcrypto.subtle.importKey('pkcs8', der, ALG, true, ['sign'])) as unknown as CryptoKey;
  const publicKey = await cert.publicKey.export(ALG, ['verify']);
  return { privateKey, publicKey };
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

async function loadOrCreateCa(dir: string): Promise<Pair> {
  const certPath = join(dir, 'ca.crt');
  const keyPath = join(dir, 'ca.key');
  const [certText, keyText] = await Promise.all([readIfExists(certPath), readIfExists(keyPath)]);
  if (certText && keyText) {
    const cert = new x509.X509Certificate(certText);
    return { cert, keys: await importKey(keyText, cert) };
  }
  const keys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as unknown as CryptoKeyPair;
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: `CN=edgeplane-ca@${Math.floor(now / 1000)}`,
    notBefore: new Date(now - 60_000),
    notAfter: new Date(now + CA_VALIDITY_DAYS * DAY),
    keys,
    signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  await writeFileAtomic(keyPath, await keyPem(keys.privateKey), 0o600);
  await writeFileAtomic(certPath, cert.toString('pem') + '\n', 0o644);
  return { cert, keys };
}

/** The names a client may use to reach this server. */
export function defaultSans(bindAddress: string, extra: string[] = []): { dns: string[]; ips: string[] } {
  const dns = new Set(['localhost', hostname()]);
  const ips = new Set(['127.0.0.1', '::1']);
  if (bindAddress && bindAddress !== '0.0.0.0' && bindAddress !== '::') ips.add(bindAddress);
  else {
    for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) ips.add(a.address.replace(/%.*$/, ''));
  }
  for (const e of extra) (/^[\d.]+$|:/.test(e) ? ips : dns).add(e);
  return { dns: [...dns].sort(), ips: [...ips].sort() };
}

function certCovers(cert: x509.X509Certificate, sans: { dns: string[]; ips: string[] }): boolean {
  const ext = cert.getExtension(x509.SubjectAlternativeNameExtension);
  if (!ext) return false;
  const names = ext.names.toJSON();
  const have = new Set(names.map((n) => `${n.type}:${n.value}`));
  return sans.dns.every((d) => have.has(`dns:${d}`)) && sans.ips.every((i) => have.has(`ip:${i}`));
}

/**
 * Load the CA and serving certificate under `<dataDir>/tls/`, creating or
 * reissuing what is missing, about to expire, or lacks one of `sans`.
 */
export async function loadOrCreateTls(dataDir: string, sans: { dns: string[]; ips: string[] }): Promise<TlsMaterial> {
  const dir = join(dataDir, 'tls');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const ca = await loadOrCreateCa(dir);
  const certPath = join(dir, 'server.crt');
  const keyPath = join(dir, 'server.key');
  const [certText, keyText] = await Promise.all([readIfExists(certPath), readIfExists(keyPath)]);
  if (certText && keyText) {
    const cert = new x509.X509Certificate(certText);
    const fresh = cert.notAfter.getTime() - Date.now() > RENEW_BEFORE_DAYS * DAY;
    if (fresh && certCovers(cert, sans) && cert.issuer === ca.cert.subject) {
      return { caPem: ca.cert.toString('pem') + '\n', certPem: certText, keyPem: keyText };
    }
  }
  const keys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as unknown as CryptoKeyPair;
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: 'CN=edgeplane-server',
    issuer: ca.cert.subject,
    notBefore: new Date(now - 60_000),
    notAfter: new Date(now + SERVING_VALIDITY_DAYS * DAY),
    signingKey: ca.keys.privateKey,
    publicKey: keys.publicKey,
    signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([
        ...sans.dns.map((value) => ({ type: 'dns' as const, value })),
        ...sans.ips.map((value) => ({ type: 'ip' as const, value })),
      ]),
      await x509.AuthorityKeyIdentifierExtension.create(ca.cert),
    ],
  });
  const certPem = cert.toString('pem') + '\n' + ca.cert.toString('pem') + '\n';
  const kp = await keyPem(keys.privateKey);
  await writeFileAtomic(keyPath, kp, 0o600);
  await writeFileAtomic(certPath, certPem, 0o644);
  return { caPem: ca.cert.toString('pem') + '\n', certPem, keyPem: kp };
}
