// Certificate generation (see certs.ts for why and when). It runs in a
// short-lived child process: @peculiar/x509 and its ASN.1 stack cost ~20 MB of
// resident memory, which the long-running server should not carry for
// something it does once a year. ECDSA P-256: generated in milliseconds even on
// a Raspberry Pi, and accepted by every TLS client we care about.

import 'reflect-metadata'; // @peculiar/x509's DI container (tsyringe) needs the polyfill
import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { writeFileAtomic } from '../../shared/fs/atomic-write.js';
import { readFileIfExists } from '../../shared/fs/read-if-exists.js';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY = 24 * 3600 * 1000;
const CA_VALIDITY_DAYS = 3650;
const SERVING_VALIDITY_DAYS = 365;
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

async function loadOrCreateCa(dir: string): Promise<Pair> {
  const certPath = join(dir, 'ca.crt');
  const keyPath = join(dir, 'ca.key');
  const [certText, keyText] = await Promise.all([readFileIfExists(certPath), readFileIfExists(keyPath)]);
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

/**
 * Create what is missing under `dir`: the CA if absent, and always a new
 * serving certificate for `sans` signed by it.
 */
export async function generateServingCert(dir: string, sans: { dns: string[]; ips: string[] }): Promise<void> {
  const ca = await loadOrCreateCa(dir);
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
  // key first: a crash in between leaves a cert/key mismatch, which the loader detects and repairs
  await writeFileAtomic(join(dir, 'server.key'), await keyPem(keys.privateKey), 0o600);
  await writeFileAtomic(join(dir, 'server.crt'), cert.toString('pem') + '\n' + ca.cert.toString('pem') + '\n', 0o644);
}

// Run as a child process by certs.ts: `node generate.js <dir> <sans-json>`.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [dir, sansJson] = process.argv.slice(2);
  generateServingCert(dir, JSON.parse(sansJson)).catch((err) => {
    console.error(`certificate generation failed: ${(err as Error).message}`);
    process.exit(1);
  });
}
