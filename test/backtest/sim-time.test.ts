import { describe, expect, it } from 'vitest';
import { isoMs, simTime } from '../../src/backtest/recorder.js';

describe('simTime: the result times, formatted without a Date per sample', () => {
  it('gives exactly what Date.toISOString gives, across days, years, the epoch and the edges', () => {
    const cases = [0, 1, 999, 86_399_999, 86_400_000, -1, -86_400_001, 1_640_991_660_000, 1_577_836_800_123, 951_782_400_000 /* 2000-02-29 */,
      253_402_300_799_999, -62_167_219_200_000, 253_402_300_800_000, -62_167_219_200_001, 8.64e15];
    let x = 1_600_000_000_000;
    for (let i = 0; i < 2_000; i++) { x += 7_919_777 * (i % 13) + 31; cases.push(x); }
    for (const ms of cases) expect(isoMs(ms)).toBe(new Date(ms).toISOString());
    expect(simTime(1_640_991_660_000_000_001n)).toEqual({ ts: '2021-12-31T23:01:00.000Z', tsNs: '1640991660000000001' });
  });
});
