// Deployment status and conditions, pure, with a fixed clock.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../../shared/api/object.js';
import { calculateStatus, msUntilDeadline, rolloutStatus, type DeploymentStatus } from '../../../../server/controllers/deployment/status.js';
import type { DeploymentCondition } from '../../../../server/controllers/deployment/util.js';

const NOW = Date.parse('2026-01-01T00:10:00Z');

function dep(status: DeploymentStatus, spec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', generation: 2 },
    spec: { replicas: 4, progressDeadlineSeconds: 60, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } }, ...spec },
    status,
  };
}
function rs(name: string, replicas: number, ready: number, available: number): KubeObject {
  return { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name }, spec: { replicas }, status: { replicas, readyReplicas: ready, availableReplicas: available } };
}
const progressing = (reason: string, lastUpdateTime: string, status: 'True' | 'False' = 'True'): DeploymentCondition => ({
  type: 'Progressing',
  status,
  reason,
  message: '',
  lastUpdateTime,
  lastTransitionTime: lastUpdateTime,
});

describe('calculateStatus', () => {
  const cases: Array<[string, KubeObject[], number, string]> = [
    ['all available', [rs('new', 4, 4, 4)], 0, 'MinimumReplicasAvailable'],
    ['one short is within maxUnavailable', [rs('new', 2, 1, 1), rs('old', 3, 2, 2)], 2, 'MinimumReplicasAvailable'],
    ['two short is not', [rs('new', 2, 0, 0), rs('old', 2, 2, 2)], 2, 'MinimumReplicasUnavailable'],
  ];
  for (const [name, all, unavailable, reason] of cases) {
    it(name, () => {
      const s = calculateStatus(dep({}), all, all[0], '2026-01-01T00:10:00Z');
      assert.equal(s.unavailableReplicas, unavailable);
      assert.equal(s.updatedReplicas, all[0].status.replicas);
      assert.equal(s.observedGeneration, 2);
      assert.equal(s.conditions!.find((c) => c.type === 'Available')!.reason, reason);
    });
  }
});

describe('rolloutStatus: the Progressing condition', () => {
  const cases: Array<[string, DeploymentStatus, KubeObject[], string | undefined, string | undefined]> = [
    // name, previous status, RSes (first is new), expected reason, expected status
    ['complete', { conditions: [progressing('ReplicaSetUpdated', '2026-01-01T00:09:00Z')] }, [rs('new', 4, 4, 4)], 'NewReplicaSetAvailable', 'True'],
    [
      'progress: more available than before',
      { replicas: 5, updatedReplicas: 2, availableReplicas: 3, conditions: [progressing('ReplicaSetUpdated', '2026-01-01T00:00:00Z')] },
      [rs('new', 2, 2, 2), rs('old', 3, 2, 2)],
      'ReplicaSetUpdated',
      'True',
    ],
    [
      'no progress within the deadline: still progressing',
      { replicas: 5, updatedReplicas: 2, readyReplicas: 3, availableReplicas: 3, conditions: [progressing('ReplicaSetUpdated', '2026-01-01T00:09:30Z')] },
      [rs('new', 2, 0, 0), rs('old', 3, 3, 3)],
      'ReplicaSetUpdated',
      'True',
    ],
    [
      'no progress past the deadline: timed out',
      { replicas: 5, updatedReplicas: 2, readyReplicas: 3, availableReplicas: 3, conditions: [progressing('ReplicaSetUpdated', '2026-01-01T00:08:00Z')] },
      [rs('new', 2, 0, 0), rs('old', 3, 3, 3)],
      'ProgressDeadlineExceeded',
      'False',
    ],
    [
      'a complete deployment never times out',
      { replicas: 4, updatedReplicas: 4, availableReplicas: 4, conditions: [progressing('NewReplicaSetAvailable', '2026-01-01T00:00:00Z')] },
      [rs('new', 4, 4, 4)],
      'NewReplicaSetAvailable',
      'True',
    ],
  ];
  for (const [name, prev, all, reason, status] of cases) {
    it(name, () => {
      const s = rolloutStatus(dep(prev), all, all[0], NOW);
      const c = s.conditions?.find((x) => x.type === 'Progressing');
      assert.equal(c?.reason, reason);
      assert.equal(c?.status, status);
    });
  }
  it('without a progress deadline there is no Progressing condition', () => {
    const s = rolloutStatus(dep({ conditions: [progressing('ReplicaSetUpdated', '2026-01-01T00:00:00Z')] }, { progressDeadlineSeconds: undefined }), [rs('new', 4, 0, 0)], undefined, NOW);
    assert.equal(s.conditions?.find((x) => x.type === 'Progressing'), undefined);
  });
  it('msUntilDeadline: time left of a rollout in progress', () => {
    const d = dep({});
    assert.equal(msUntilDeadline(d, { conditions: [progressing('ReplicaSetUpdated', '2026-01-01T00:09:30Z') ] }, NOW), 30_000);
    assert.equal(msUntilDeadline(d, { conditions: [progressing('NewReplicaSetAvailable', '2026-01-01T00:09:30Z') ] }, NOW), undefined);
  });
});
