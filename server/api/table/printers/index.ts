// The printer of each kind Edgeplane serves, by kind name.

import type { Printer } from '../printer.js';
import { configMapPrinter, secretPrinter } from './config.js';
import { daemonSetPrinter } from './daemonset.js';
import { deploymentPrinter } from './deployment.js';
import { endpointsPrinter } from './endpoints.js';
import { eventPrinter } from './event.js';
import { namespacePrinter } from './namespace.js';
import { nodePrinter } from './node.js';
import { podPrinter } from './pod.js';
import { replicaSetPrinter } from './replicaset.js';
import { servicePrinter } from './service.js';

export const PRINTERS: Readonly<Record<string, Printer>> = {
  Pod: podPrinter,
  Node: nodePrinter,
  Service: servicePrinter,
  Endpoints: endpointsPrinter,
  Deployment: deploymentPrinter,
  ReplicaSet: replicaSetPrinter,
  DaemonSet: daemonSetPrinter,
  Namespace: namespacePrinter,
  ConfigMap: configMapPrinter,
  Secret: secretPrinter,
  Event: eventPrinter,
};

export function printerFor(kind: string): Printer | undefined {
  return Object.prototype.hasOwnProperty.call(PRINTERS, kind) ? PRINTERS[kind] : undefined;
}
