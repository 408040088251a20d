// Bearer tokens (issue #2 "Auth"). Only SHA-256 digests are kept in memory and on
// disk; a presented token is hashed and compared with every known digest using
// timingSafeEqual, so neither the comparison nor the loop length leaks which
// prefix matched. Tokens are never logged.

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export type Role = 'admin' | 'viewer' | 'node';

export interface Identity {
  name: string;
  role: Role;
}

interface Entry {
  digest: Buffer;
  identity: Identity;
}

export function newToken(): string {
  // 32 random bytes, URL-safe: 256 bits, like k3s' server token secret part
  return randomBytes(32).toString('base64url');
}

export function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

export class TokenAuthenticator {
  private entries: Entry[] = [];

  add(tokenDigest: Buffer, identity: Identity): void {
    this.entries.push({ digest: tokenDigest, identity });
  }

  authenticate(token: string): Identity | undefined {
    const d = digest(token);
    let found: Identity | undefined;
    for (const e of this.entries) {
      // no early exit: constant work regardless of which entry matches
      if (timingSafeEqual(d, e.digest) && !found) found = e.identity;
    }
    return found;
  }
}

/** Parse `Authorization: Bearer <token>`; undefined when absent or malformed. */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1] : undefined;
}
