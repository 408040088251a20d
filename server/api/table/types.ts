// meta.k8s.io/v1 Table: what kube-apiserver answers when a client sends
// `Accept: application/json;as=Table;g=meta.k8s.io;v=v1` (kubectl get does).
// Field names and presence follow k8s.io/apimachinery/pkg/apis/meta/v1 types.go.

import type { KubeObject, ObjectMeta } from '../../../shared/api/object.js';

export interface TableColumnDefinition {
  /** Human-readable name; kubectl upper-cases it for the header. */
  name: string;
  /** OpenAPI type of the cells: string, integer, number, boolean, date. */
  type: string;
  /** OpenAPI format; `name` marks the column holding the object name. */
  format: string;
  description: string;
  /** 0: always shown; 1 and up: only with `kubectl get -o wide`. */
  priority: number;
}

export interface TableRowCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
}

/** `{kind: PartialObjectMetadata}`: the row object for `includeObject=Metadata`. */
export interface PartialObjectMetadata {
  kind: 'PartialObjectMetadata';
  apiVersion: 'meta.k8s.io/v1';
  metadata: ObjectMeta;
}

export interface TableRow {
  /** One cell per column definition, in order (wide columns included). */
  cells: unknown[];
  conditions?: TableRowCondition[];
  object?: KubeObject | PartialObjectMetadata;
}

export interface Table {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  columnDefinitions: TableColumnDefinition[];
  rows: TableRow[];
}

/** metav1.IncludeObjectPolicy, the `includeObject` query parameter. */
export type IncludeObjectPolicy = 'None' | 'Object' | 'Metadata';

export interface TableOptions {
  /** Absent means `Metadata`, kube-apiserver's default; kubectl asks for `Object`. */
  includeObject?: IncludeObjectPolicy;
  /** metav1.TableOptions.noHeaders: leave out the column definitions. */
  noHeaders?: boolean;
  /** Clock for the AGE-style cells (tests pass a fixed one). */
  now?: Date;
}
