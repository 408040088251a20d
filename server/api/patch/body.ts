// PATCH bodies arrive either parsed or as the raw request bytes.

import { PatchError } from './errors.js';

/** Parse a raw body (string or bytes); an already-parsed value passes through. */
export function parsePatchBody(patch: unknown): unknown {
  if (typeof patch === 'string' || patch instanceof Uint8Array) {
    const text = typeof patch === 'string' ? patch : Buffer.from(patch).toString('utf8');
    try {
      return JSON.parse(text);
    } catch (err) {
      throw new PatchError(`patch body is not valid JSON: ${(err as Error).message}`, { cause: err });
    }
  }
  return patch;
}
