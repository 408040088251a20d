// Content negotiation as kube-apiserver does it for the cases clients use:
// plain JSON, YAML, and server-side printing (`as=Table;g=meta.k8s.io;v=v1`,
// what kubectl get asks for). Protobuf is not offered: clients fall back to
// JSON when it is not first... unless it is all they accept (406).

export type Rendering =
  | { kind: 'json' }
  | { kind: 'yaml' }
  | { kind: 'table'; apiVersion: 'meta.k8s.io/v1' | 'meta.k8s.io/v1beta1' };

interface MediaRange {
  type: string;
  params: Record<string, string>;
}

function parseAccept(accept: string): MediaRange[] {
  return accept
    .split(',')
    .map((part) => {
      const [type, ...params] = part.split(';').map((s) => s.trim());
      const p: Record<string, string> = {};
      for (const kv of params) {
        const i = kv.indexOf('=');
        if (i > 0) p[kv.slice(0, i).trim().toLowerCase()] = kv.slice(i + 1).trim();
      }
      return { type: type.toLowerCase(), params: p };
    })
    .filter((m) => m.type !== '');
}

export function negotiate(accept: string | undefined): Rendering | undefined {
  if (!accept) return { kind: 'json' };
  for (const m of parseAccept(accept)) {
    if (m.params.q === '0') continue;
    const isJson = m.type === 'application/json' || m.type === 'application/*' || m.type === '*/*';
    if (m.params.as) {
      if (isJson && m.params.as === 'Table' && m.params.g === 'meta.k8s.io' && (m.params.v === 'v1' || m.params.v === 'v1beta1')) {
        return { kind: 'table', apiVersion: `meta.k8s.io/${m.params.v}` as 'meta.k8s.io/v1' };
      }
      continue; // other transformations (PartialObjectMetadata, discovery v2) are not served; try the next range
    }
    if (isJson) return { kind: 'json' };
    if (m.type === 'application/yaml') return { kind: 'yaml' };
  }
  return undefined;
}
