// Which patch format a PATCH request carries, chosen by its Content-Type exactly
// as kube-apiserver does (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/patch.go).

export type PatchType = 'json' | 'merge' | 'strategic';

const BY_MEDIA_TYPE: Readonly<Record<string, PatchType>> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
};

/**
 * Map a request Content-Type to the patch format, ignoring parameters such as
 * `; charset=utf-8`. Anything else — including `application/apply-patch+yaml`
 * (server-side apply, which Edgeplane does not implement) — is undefined, so the
 * API answers 415 Unsupported Media Type like an apiserver without that feature.
 */
export function patchTypeFromContentType(ct: string): PatchType | undefined {
  const mediaType = ct.split(';', 1)[0]!.trim().toLowerCase();
  return BY_MEDIA_TYPE[mediaType];
}
