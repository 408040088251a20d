// Per-kind semantic validation, run after the schema check (the apiserver's
// ValidateXxx functions in pkg/apis/*/validation).

import type { KindInfo } from '../kinds.js';
import type { FieldError } from '../object.js';
import { validateConfigMap, validateSecret } from './config.js';
import { nameIsDNS1035Label, nameIsDNSLabel, nameIsDNSSubdomain, validateObjectMeta, type NameValidator } from './meta.js';
import { validateEndpoints, validateEvent, validateNamespace } from './misc.js';
import { validateNode } from './node.js';
import { validatePodSpec } from './podspec.js';
import { validateServiceSpec } from './service.js';
import type { J } from './types.js';
import { validateDaemonSetSpec, validateDeploymentSpec, validateReplicaSetSpec } from './workloads.js';

/** Namespaces are DNS labels, Services DNS-1035 labels (ValidateServiceName), the rest subdomains. */
function nameValidator(kind: string): NameValidator {
  if (kind === 'Namespace') return nameIsDNSLabel;
  if (kind === 'Service') return nameIsDNS1035Label;
  return nameIsDNSSubdomain;
}

const BY_KIND: Record<string, (obj: J) => FieldError[]> = {
  Pod: (o) => validatePodSpec(o.spec, 'spec', { isPod: true }),
  Service: (o) => validateServiceSpec(o.spec),
  Deployment: (o) => validateDeploymentSpec(o.spec),
  ReplicaSet: (o) => validateReplicaSetSpec(o.spec),
  DaemonSet: (o) => validateDaemonSetSpec(o.spec),
  Node: validateNode,
  ConfigMap: validateConfigMap,
  Secret: validateSecret,
  Namespace: validateNamespace,
  Endpoints: validateEndpoints,
  Event: validateEvent,
};

export function validateSemantics(kind: KindInfo, obj: J): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, { nameFn: nameValidator(kind.kind), namespaced: kind.namespaced });
  const fn = BY_KIND[kind.kind];
  if (fn) errs.push(...fn(obj));
  return errs;
}
