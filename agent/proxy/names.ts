// Stable, short nftables object names. Like kube-proxy's nftables mode
// (`service-<hash>-<ns>/<name>/<proto>/<port>`), a name is a hash of the full
// identity followed by a readable tail; the hash keeps it unique when the tail
// is truncated, so names never depend on ordering or on other services.
import { createHash } from 'node:crypto';

/** nft allows 255 bytes; shorter names mean less text to parse per apply. */
export const MAX_NAME_LEN = 128;

export function shortHash(s: string): string {
  return createHash('sha256').update(s).digest('hex').slice(0, 8);
}

/** `<prefix>-<hash8>-<id>`, truncated to MAX_NAME_LEN. Ids use only [a-z0-9./_-]: valid nft identifiers. */
export function objectName(prefix: string, id: string, hashInput = id): string {
  return `${prefix}-${shortHash(hashInput)}-${id}`.slice(0, MAX_NAME_LEN);
}

/** Identity of one service port: `<ns>/<name>/<proto>/<port name or number>`. */
export function servicePortId(ns: string, name: string, proto: string, portName: string, port: number): string {
  return `${ns}/${name}/${proto}/${portName || String(port)}`;
}

export const serviceChain = (spId: string) => objectName('svc', spId);
export const externalChain = (spId: string) => objectName('ext', spId);
export const endpointChain = (spId: string, ip: string, port: number) => objectName('ep', `${spId}__${ip}/${port}`);
/** The timeout is part of the identity: a changed timeout makes a new set (sets cannot be redeclared in place). */
export const affinitySet = (spId: string, ip: string, port: number, timeoutSeconds: number) =>
  objectName('aff', `${spId}__${ip}/${port}`, `${spId}__${ip}/${port}@${timeoutSeconds}`);
