// The pod and container a logs/exec command addresses: `pod`, `pod/x` or
// `pods/x`, and kubectl's default container choice (the
// kubectl.kubernetes.io/default-container annotation, else the first container),
// announced on stderr when the pod has several.

import { CliError } from '../errors.js';
import type { ApiClient } from '../client.js';

export function podName(arg: string): string {
  const m = /^(?:(?:pod|pods|po)\/)?([^/]+)$/.exec(arg);
  if (!m) throw new CliError(`"${arg}" is not a pod: use NAME or pod/NAME`);
  return m[1]!;
}

export async function pickContainer(client: ApiClient, namespace: string, pod: string, container: string | undefined): Promise<string> {
  if (container) return container;
  const p = await client.get(`/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}`);
  const names = ((p.spec?.containers ?? []) as Array<{ name: string }>).map((c) => c.name);
  const annotated = p.metadata?.annotations?.['kubectl.kubernetes.io/default-container'] as string | undefined;
  const chosen = annotated && names.includes(annotated) ? annotated : names[0];
  if (!chosen) throw new CliError(`pod ${pod} has no containers`);
  if (names.length > 1 && !annotated) process.stderr.write(`Defaulted container "${chosen}" out of: ${names.join(', ')}\n`);
  return chosen;
}
