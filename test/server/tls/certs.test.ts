import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { loadOrCreateTls } from '../../../server/tls/certs.js';
import { tempDir } from '../../helpers/server.js';

describe('API certificates', () => {
  it('creates a CA and a serving certificate, reuses them, reissues for a new name', async () => {
    const dir = await tempDir('edgeplane-tls-');
    try {
      const sans = { dns: ['localhost', 'pi-server'], ips: ['127.0.0.1', '::1', '192.0.2.10'] };
      const first = await loadOrCreateTls(dir, sans);
      const cert = new X509Certificate(first.certPem);
      const ca = new X509Certificate(first.caPem);
      assert.ok(cert.checkIssued(ca));
      assert.ok(cert.verify(ca.publicKey));
      assert.equal(cert.checkHost('pi-server'), 'pi-server');
      assert.equal(cert.checkIP('192.0.2.10'), '192.0.2.10');
      assert.equal(cert.checkIP('::1'), '::1');
      assert.ok(ca.ca);
      assert.equal((await stat(join(dir, 'tls', 'ca.key'))).mode & 0o777, 0o600);
      assert.equal((await stat(join(dir, 'tls', 'server.key'))).mode & 0o777, 0o600);

      const again = await loadOrCreateTls(dir, sans);
      assert.equal(again.certPem, first.certPem, 'an unchanged name set reuses the certificate');

      const more = await loadOrCreateTls(dir, { ...sans, dns: [...sans.dns, 'edge.example'] });
      assert.notEqual(more.certPem, first.certPem);
      assert.equal(more.caPem, first.caPem, 'the CA is kept');
      assert.equal(new X509Certificate(more.certPem).checkHost('edge.example'), 'edge.example');

      // a lost key is repaired by reissuing
      await rm(join(dir, 'tls', 'server.key'));
      const repaired = await loadOrCreateTls(dir, sans);
      assert.ok(new X509Certificate(repaired.certPem).checkPrivateKey((await import('node:crypto')).createPrivateKey(repaired.keyPem)));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
