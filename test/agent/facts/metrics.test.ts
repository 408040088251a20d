import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { collectDynamic, parseMeminfo, pickCpuTemperature, readCpuTemperature, type HwmonSensor, type ThermalZone } from '../../../agent/facts/metrics.js';

describe('node metrics', () => {
  it('parses /proc/meminfo', () => {
    const text = 'MemTotal:        3884328 kB\nMemFree:          200000 kB\nMemAvailable:    1000000 kB\n';
    assert.deepEqual(parseMeminfo(text), { total: 3884328 * 1024, available: 1000000 * 1024 });
    assert.deepEqual(parseMeminfo(''), { total: undefined, available: undefined });
  });

  const cases: Array<[string, HwmonSensor[], ThermalZone[], number | undefined, number | undefined]> = [
    ['Raspberry Pi: cpu-thermal zone', [], [{ type: 'cpu-thermal', milliC: 48312 }], 48312, 48.3],
    ['Intel: package sensor over cores', [{ label: 'Package id 0', milliC: 55000 }, { label: 'Core 0', milliC: 50000 }], [], undefined, 55],
    ['cores only: rounded mean', [{ label: 'Core 0', milliC: 50000 }, { label: 'Core 1', milliC: 53000 }], [], undefined, 52],
    ['AMD: Tctl', [{ label: 'Tctl', milliC: 61250 }], [], undefined, 61.3],
    ['hwmon before thermal zones', [{ label: 'Tccd1', milliC: 40000 }], [{ type: 'cpu-thermal', milliC: 45000 }], undefined, 40],
    ['zone types without cpu: thermal_zone0', [], [{ type: 'acpitz', milliC: 27800 }], 27800, 27.8],
    ['nothing', [], [], undefined, undefined],
  ];
  for (const [name, hwmon, zones, zone0, want] of cases) {
    it(`CPU temperature: ${name}`, () => assert.equal(pickCpuTemperature(hwmon, zones, zone0), want));
  }

  it('reads this host without spawning anything', async () => {
    const t = await readCpuTemperature();
    assert.ok(t === undefined || t > 0);
    const d = await collectDynamic();
    assert.ok(d.hostname.length > 0);
    assert.ok(d.memoryBytes > 0 && d.memoryAvailableBytes! > 0 && d.memoryAvailableBytes! <= d.memoryBytes);
    assert.ok(d.diskBytes > 0 && d.diskAvailableBytes! >= 0 && d.diskAvailableBytes! <= d.diskBytes);
  });
});
