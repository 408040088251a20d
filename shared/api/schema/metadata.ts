// meta/v1 shapes: ObjectMeta, OwnerReference and LabelSelector.

import { anyObject, arrayOf, boolean, int64, mergeList, named, obj, str, string, stringList, stringMap, time, type Schema } from './common.js';

export const ownerReference: Schema = named(
  'io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference',
  obj(
    {
      apiVersion: string,
      kind: string,
      name: string,
      uid: string,
      controller: boolean,
      blockOwnerDeletion: boolean,
    },
    { required: ['apiVersion', 'kind', 'name', 'uid'], description: 'Identifies an owning object (garbage collection, controllers).' },
  ),
);

export const objectMeta: Schema = named(
  'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta',
  obj(
    {
      name: str('Unique within a namespace; DNS-1123 subdomain for most kinds.'),
      generateName: str('Prefix for a server-generated name, used when name is empty.'),
      namespace: str('Namespace of a namespaced object (a DNS-1123 label).'),
      labels: stringMap('Map of string keys and values for organising and selecting objects.'),
      annotations: stringMap('Unstructured key/value data for tools.'),
      uid: string,
      resourceVersion: str('Opaque version used for optimistic concurrency and watch.'),
      generation: int64,
      creationTimestamp: time,
      deletionTimestamp: time,
      deletionGracePeriodSeconds: int64,
      ownerReferences: mergeList(ownerReference, 'uid', ['uid']),
      finalizers: arrayOf(string, { 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-list-type': 'set' }),
      managedFields: arrayOf(anyObject('Server-side apply bookkeeping; accepted as is.')),
      selfLink: string,
    },
    { description: 'Standard object metadata.' },
  ),
);

export const labelSelectorRequirement: Schema = named(
  'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement',
  obj(
    {
      key: string,
      operator: str('In, NotIn, Exists or DoesNotExist.'),
      values: stringList,
    },
    { required: ['key', 'operator'] },
  ),
);

export const labelSelector: Schema = named(
  'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector',
  obj(
    {
      matchLabels: stringMap('Each {key: value} is an `In` requirement with one value.'),
      matchExpressions: arrayOf(labelSelectorRequirement),
    },
    { description: 'A label query; its requirements are ANDed. Empty matches everything, null nothing.' },
  ),
);
