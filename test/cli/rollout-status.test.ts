// kubectl's rollout status lines for a Deployment, table-driven.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deploymentRolloutStatus } from '../../cli/rollout/status.js';

const d = (generation: number, replicas: number, status: Record<string, unknown>) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', generation },
  spec: { replicas },
  status,
});

test('rollout status messages', () => {
  const cases: Array<[ReturnType<typeof d>, string, boolean, string?]> = [
    [d(2, 3, { observedGeneration: 1 }), 'Waiting for deployment spec update to be observed...', false],
    [d(2, 3, { observedGeneration: 2, updatedReplicas: 1, replicas: 4 }), 'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...', false],
    [d(2, 3, { observedGeneration: 2, updatedReplicas: 3, replicas: 4 }), 'Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...', false],
    [d(2, 3, { observedGeneration: 2, updatedReplicas: 3, replicas: 3, availableReplicas: 1 }), 'Waiting for deployment "web" rollout to finish: 1 of 3 updated replicas are available...', false],
    [d(2, 3, { observedGeneration: 2, updatedReplicas: 3, replicas: 3, availableReplicas: 3 }), 'deployment "web" successfully rolled out', true],
    [
      d(2, 3, { observedGeneration: 2, conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }] }),
      '',
      false,
      'deployment "web" exceeded its progress deadline',
    ],
  ];
  for (const [dep, message, done, error] of cases) {
    assert.deepEqual(deploymentRolloutStatus(dep), error ? { message, done, error } : { message, done });
  }
});
