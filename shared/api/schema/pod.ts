// The Pod kind.

import { kindSchema, type Schema } from './common.js';
import { objectMeta } from './metadata.js';
import { podStatus } from './podstatus.js';
import { podSpec } from './podspec.js';

export const pod: Schema = kindSchema(
  'io.k8s.api.core.v1.Pod',
  '',
  'Pod',
  { spec: podSpec, status: podStatus },
  'A group of containers scheduled together on one node.',
  objectMeta,
);
