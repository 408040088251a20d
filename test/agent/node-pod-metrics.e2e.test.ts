// The whole path of pod usage on real components: the agent (runNode, in
// process, short status tick) runs a pod on real containerd, samples its
// cgroup on the status tick, publishes over real MQTT to a server process,
// and the API serves non-zero PodMetrics for it. Loopback only: the pod uses
// the host network and only sleeps; service routing and DNS are off.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { api, EDGECTL_BIN, eventually, startServer, tempDir, type ServerHandle } from '../helpers/server.js';
import { mqttPortFromOutput } from '../helpers/hollow-agent.js';
import { importTestImage, removeContainerdNamespace, TEST_IMAGE } from '../helpers/image.js';
import { randomSuffix } from '../helpers/netns.js';
import { runNode, type RunningNode } from '../../agent/node.js';
import { CtrRuntime } from '../../agent/runtime/ctr.js';

describe('pod usage from a real agent to the metrics API', { timeout: 180_000 }, () => {
  const id = randomSuffix();
  const ns = `edgeplane-test-${id}`;
  const nodeName = `usage-${id}`;
  let s: ServerHandle;
  let dir: string;
  let node: RunningNode | undefined;

  before(async () => {
    s = await startServer();
    dir = await tempDir('ep-usage-agent-');
    await importTestImage(ns);
    const token = (await readFile(join(s.dataDir, 'join-token'), 'utf8')).trim();
    node = await runNode({
      server: `127.0.0.1:${mqttPortFromOutput(s.output())}`,
      token,
      nodeName,
      nodeIP: '127.0.0.1',
      dataDir: dir,
      statusIntervalMs: 500,
      containerRuntime: new CtrRuntime({ namespace: ns, stateDir: join(dir, 'containers') }),
      bridge: `ept${id.slice(0, 8)}`,
      serviceRouting: false,
      dns: false,
      worker: { resyncMs: 300 },
      log: () => undefined,
    });
  });

  after(async () => {
    try {
      await api(s, 'DELETE', '/api/v1/namespaces/default/pods/sleeper?gracePeriodSeconds=0').catch(() => undefined);
      await node?.close();
    } finally {
      await removeContainerdNamespace(ns);
      await s?.dispose();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a running pod shows non-zero memory in PodMetrics and in edgectl top pods', async () => {
    const r = await api(s, 'POST', '/api/v1/namespaces/default/pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'sleeper', labels: { app: 'sleeper' } },
      spec: {
        nodeName,
        hostNetwork: true,
        terminationGracePeriodSeconds: 1,
        containers: [{ name: 'main', image: TEST_IMAGE, imagePullPolicy: 'IfNotPresent', command: ['sleep', '3600'] }],
      },
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    let m: any;
    await eventually(async () => {
      const res = await api(s, 'GET', '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/sleeper');
      m = res.body;
      return res.status === 200;
    }, 'PodMetrics for the pod', 60_000);
    assert.equal(m.kind, 'PodMetrics');
    assert.equal(m.containers.length, 1);
    assert.equal(m.containers[0].name, 'main');
    assert.match(m.containers[0].usage.cpu, /^\d+n$/);
    const ki = Number(/^(\d+)Ki$/.exec(m.containers[0].usage.memory)?.[1]);
    assert.ok(ki > 0, `memory ${m.containers[0].usage.memory}`);
    const top = await execa(process.execPath, [EDGECTL_BIN, '--kubeconfig', s.kubeconfig, 'top', 'pods', '-l', 'app=sleeper'], { reject: false, stdin: 'ignore' });
    assert.equal(top.exitCode, 0, top.stderr);
    assert.match(top.stdout, /^sleeper\s+\d+m\s+\d+Mi\s*$/m);
  });
});
