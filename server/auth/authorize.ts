// Role-based authorization, the smallest useful subset of Kubernetes RBAC's
// default roles: `admin` ≈ cluster-admin; `viewer` ≈ the `view` ClusterRole:
// read and watch everything except Secrets (view deliberately excludes them,
// since reading a Secret grants whatever the Secret grants).

import type { Identity } from './tokens.js';

export type Verb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection';

const READ_VERBS: ReadonlySet<Verb> = new Set(['get', 'list', 'watch']);

export interface Decision {
  allowed: boolean;
  reason?: string;
}

export function authorize(who: Identity, verb: Verb, resource: string): Decision {
  switch (who.role) {
    case 'admin':
      return { allowed: true };
    case 'viewer':
      if (resource === 'secrets') return { allowed: false, reason: 'the viewer role cannot read secrets' };
      if (READ_VERBS.has(verb)) return { allowed: true };
      return { allowed: false, reason: 'the viewer role is read-only' };
    default:
      return { allowed: false, reason: `role ${who.role} has no API access` };
  }
}
