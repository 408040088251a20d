// Pure parsing and rate math of container usage from cgroup files (v1 and v2).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  cgroupDir,
  cgroupFiles,
  cpuNanoCores,
  cpuUsageNs,
  parseFlatKeyed,
  parseMountinfo,
  parseProcCgroup,
  workingSetBytes,
} from '../../../agent/metrics/cgroup.js';

const HYBRID_MOUNTINFO = `30 22 0:27 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
31 30 0:28 / /sys/fs/cgroup/cpu,cpuacct rw,relatime shared:9 - cgroup cgroup rw,cpu,cpuacct
34 30 0:31 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
39 30 0:36 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,xattr,name=systemd
40 30 0:37 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw,nsdelegate`;

const V2_MOUNTINFO = `25 1 259:2 / / rw,relatime - ext4 /dev/root rw
35 24 0:30 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot`;

describe('cgroup mounts and paths', () => {
  it('finds v1 hierarchies by controller (combined mounts too) and the v2 mount', () => {
    const m = parseMountinfo(HYBRID_MOUNTINFO);
    assert.equal(m.v2?.mountPoint, '/sys/fs/cgroup/unified');
    assert.equal(m.v1.get('cpuacct')?.mountPoint, '/sys/fs/cgroup/cpu,cpuacct');
    assert.equal(m.v1.get('cpu')?.mountPoint, '/sys/fs/cgroup/cpu,cpuacct');
    assert.equal(m.v1.get('memory')?.mountPoint, '/sys/fs/cgroup/memory');
    assert.equal(m.v1.has('name=systemd'), false);
    assert.equal(m.v1.has('xattr'), true); // harmless: no /proc/<pid>/cgroup line names it
    const v2 = parseMountinfo(V2_MOUNTINFO);
    assert.deepEqual(v2.v2, { root: '/', mountPoint: '/sys/fs/cgroup' });
    assert.equal(v2.v1.size, 0);
  });

  it('decodes octal escapes in mount points', () => {
    const m = parseMountinfo('40 30 0:37 / /mnt/cg\\040two rw - cgroup2 cgroup2 rw');
    assert.equal(m.v2?.mountPoint, '/mnt/cg two');
  });

  it('reads /proc/<pid>/cgroup for both hierarchies', () => {
    const p = parseProcCgroup('12:memory:/edgeplane/ep-1\n3:cpu,cpuacct:/edgeplane/ep-1\n1:name=systemd:/\n0::/edgeplane/ep-1\n');
    assert.equal(p.v2, '/edgeplane/ep-1');
    assert.equal(p.v1.get('memory'), '/edgeplane/ep-1');
    assert.equal(p.v1.get('cpuacct'), '/edgeplane/ep-1');
    assert.equal(p.v1.get('name=systemd'), '/');
  });

  it('places a cgroup under its mount, honouring the mount root', () => {
    assert.equal(cgroupDir({ root: '/', mountPoint: '/sys/fs/cgroup' }, '/a/b'), '/sys/fs/cgroup/a/b');
    assert.equal(cgroupDir({ root: '/a', mountPoint: '/sys/fs/cgroup' }, '/a/b'), '/sys/fs/cgroup/b');
    assert.equal(cgroupDir({ root: '/a', mountPoint: '/sys/fs/cgroup' }, '/a'), '/sys/fs/cgroup');
    assert.equal(cgroupDir({ root: '/a', mountPoint: '/sys/fs/cgroup' }, '/ab'), undefined);
  });

  it('prefers v2 where memory.current exists, else the v1 memory and cpuacct files', () => {
    const proc = parseProcCgroup('4:memory:/ns/c\n2:cpu,cpuacct:/ns/c\n0::/ns/c\n');
    const v2 = cgroupFiles(parseMountinfo(V2_MOUNTINFO), proc, () => true);
    assert.deepEqual(v2, {
      cpu: { kind: 'v2', file: '/sys/fs/cgroup/ns/c/cpu.stat' },
      memory: { kind: 'v2', usageFile: '/sys/fs/cgroup/ns/c/memory.current', statFile: '/sys/fs/cgroup/ns/c/memory.stat' },
    });
    // hybrid: memory.current is not in the unified hierarchy; cpuacct.usage is in v1
    const hybrid = cgroupFiles(parseMountinfo(HYBRID_MOUNTINFO), proc, (f) => !f.endsWith('memory.current'));
    assert.deepEqual(hybrid, {
      cpu: { kind: 'v1', file: '/sys/fs/cgroup/cpu,cpuacct/ns/c/cpuacct.usage' },
      memory: { kind: 'v1', usageFile: '/sys/fs/cgroup/memory/ns/c/memory.usage_in_bytes', statFile: '/sys/fs/cgroup/memory/ns/c/memory.stat' },
    });
    assert.equal(cgroupFiles({ v1: new Map() }, proc, () => true), undefined);
  });
});

describe('usage numbers', () => {
  it('parses flat keyed files', () => {
    assert.deepEqual([...parseFlatKeyed('usage_usec 1500\nuser_usec 1000\n\nbad\n').entries()], [['usage_usec', 1500], ['user_usec', 1000]]);
  });

  it('CPU: v2 usage_usec in µs, v1 cpuacct.usage in ns', () => {
    assert.equal(cpuUsageNs('v2', 'usage_usec 1500\nuser_usec 1000\nsystem_usec 500\n'), 1_500_000);
    assert.equal(cpuUsageNs('v1', '123456789\n'), 123456789);
    assert.equal(cpuUsageNs('v2', 'user_usec 1\n'), undefined);
    assert.equal(cpuUsageNs('v1', 'x'), undefined);
  });

  it('working set = usage − inactive file, floored at 0 (cAdvisor)', () => {
    const cases: Array<[kind: 'v1' | 'v2', usage: string, stat: string, want: number | undefined]> = [
      ['v2', '10485760\n', 'anon 4194304\nfile 6291456\nactive_file 2097152\ninactive_file 4194304\n', 6291456],
      ['v1', '10485760\n', 'cache 6291456\ninactive_file 1\ntotal_inactive_file 4194304\n', 6291456],
      ['v2', '1000\n', 'inactive_file 5000\n', 0],
      ['v2', '4096\n', '', 4096],
      ['v2', 'max\n', '', undefined],
    ];
    for (const [kind, usage, stat, want] of cases) assert.equal(workingSetBytes(kind, usage, stat), want, `${kind} ${usage.trim()}`);
  });

  it('CPU rate in nanocores between two samples', () => {
    const cases: Array<[prev: { usageNs: number; at: number } | undefined, cur: { usageNs: number; at: number }, want: number | undefined]> = [
      [undefined, { usageNs: 5e9, at: 10_000 }, undefined], // first sample: no rate
      [{ usageNs: 0, at: 0 }, { usageNs: 10e9, at: 10_000 }, 1e9], // one core busy
      [{ usageNs: 1e9, at: 0 }, { usageNs: 1.03e9, at: 10_000 }, 3e6], // 3m
      [{ usageNs: 1e9, at: 5000 }, { usageNs: 1e9, at: 15_000 }, 0], // idle
      [{ usageNs: 9e9, at: 0 }, { usageNs: 1e9, at: 10_000 }, undefined], // counter reset
      [{ usageNs: 0, at: 10_000 }, { usageNs: 1e9, at: 10_000 }, undefined], // no time passed
    ];
    for (const [prev, cur, want] of cases) assert.equal(cpuNanoCores(prev, cur), want, JSON.stringify({ prev, cur }));
  });
});
