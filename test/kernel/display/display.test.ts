import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  display,
  KERNEL_DISPLAY_HOOK,
  registerKernelDisplayHook,
  TSLAB_MODULE_KEY,
  type KernelDisplayHook,
  type MimeBundle,
} from '../../../src/kernel/display/index.js';
import { order } from './fixtures.js';

type Slots = Record<symbol, unknown>;

afterEach(() => {
  delete (globalThis as Slots)[KERNEL_DISPLAY_HOOK];
  delete (globalThis as Slots)[TSLAB_MODULE_KEY];
  vi.restoreAllMocks();
});

describe('display', () => {
  it("routes to keel's kernel hook with the bundle, display id and update flag", () => {
    // Arrange
    const calls: [MimeBundle, Parameters<KernelDisplayHook>[1]][] = [];
    const unregister = registerKernelDisplayHook((bundle, options) => calls.push([bundle, options]));
    // Act
    const route1 = display(order(), { displayId: 'd-1' });
    const route2 = display(order({ status: 'FILLED' }), { displayId: 'd-1', update: true });
    display('hello');
    unregister();
    // Assert
    expect([route1, route2]).toEqual(['kernel', 'kernel']);
    expect(calls.map(([, o]) => o)).toEqual([{ displayId: 'd-1', update: false }, { displayId: 'd-1', update: true }, { update: false }]);
    expect(calls[1]![0]['text/plain']).toContain('FILLED');
    expect(calls[2]![0]).toEqual({ 'text/plain': "'hello'" });
    expect((globalThis as Slots)[Symbol.for('keel.kernel.display')]).toBeUndefined();
  });

  it('routes to tslab when a tslab module is available, one tslab display per display id', () => {
    // Arrange: a stand-in for tslab's public API
    const shown: string[] = [];
    const made: string[] = [];
    let n = 0;
    (globalThis as Slots)[TSLAB_MODULE_KEY] = {
      display: { html: (s: string) => shown.push(`main:${s.slice(0, 40)}`) },
      newDisplay: () => {
        const id = `t${++n}`;
        made.push(id);
        return { html: (s: string) => shown.push(`${id}:${s.includes('FILLED') ? 'FILLED' : 'ACCEPTED'}`) };
      },
    };
    // Act
    const route = display(order(), { displayId: 'live' });
    display(order({ status: 'FILLED' }), { displayId: 'live', update: true });
    display(42);
    // Assert
    expect(route).toBe('tslab');
    expect(made).toEqual(['t1']);
    expect(shown).toEqual(['t1:ACCEPTED', 't1:FILLED', 'main:<pre>42</pre>']);
  });

  it('prints plain text to the console otherwise, skipping updates that change nothing', () => {
    // Arrange
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    vi.stubEnv('NO_COLOR', '1');
    // Act
    const route = display(order(), { displayId: 'c-1' });
    display(order(), { displayId: 'c-1', update: true });
    display(order({ status: 'CANCELED' }), { displayId: 'c-1', update: true });
    vi.unstubAllEnvs();
    // Assert
    expect(route).toBe('console');
    expect(log).toHaveBeenCalledTimes(2);
    expect(String(log.mock.calls[1]![0])).toMatch(/^Order O-001 CANCELED open/);
    expect(String(log.mock.calls[0]![0])).not.toContain('\u001b[');
  });
});
