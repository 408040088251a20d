// The one error a PATCH body can cause here. kube-apiserver answers a patch it
// cannot apply with a 4xx Status (400 for a malformed body, 422 for a failed
// JSON-patch `test` or a patch that leaves an invalid object); the handler maps
// this code to that answer.

import { EdgeplaneError } from '../../../shared/errors.js';

export class PatchError extends EdgeplaneError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('BadPatch', message, options);
    this.name = 'PatchError';
  }
}
