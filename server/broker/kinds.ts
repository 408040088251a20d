import { KINDS, type KindInfo } from '../../shared/api/kinds.js';
import { ApiError } from '../api/status.js';

const byKind = (k: string): KindInfo => KINDS.find((x) => x.kind === k)!;
export const NODE = byKind('Node');
export const POD = byKind('Pod');
export const SECRET = byKind('Secret');
export const CONFIGMAP = byKind('ConfigMap');

export function isNotFound(err: unknown): boolean {
  return err instanceof ApiError && err.status.code === 404;
}
export function isConflict(err: unknown): boolean {
  return err instanceof ApiError && err.status.code === 409;
}
