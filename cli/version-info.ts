// edgectl's own version: the package.json of the installation it runs from.

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/** Walks up from this module (dist/cli or cli) to the first package.json. */
export function clientVersion(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      if (typeof pkg.version === 'string') return (cached = `v${pkg.version}`);
    } catch {
      /* keep walking up */
    }
    dir = dirname(dir);
  }
  return (cached = 'v0.0.0-unknown');
}
