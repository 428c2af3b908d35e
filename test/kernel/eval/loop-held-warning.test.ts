import { describe, expect, it } from 'vitest';
import { loopHeldWarning } from '../../../src/kernel/eval/loop-watch.js';

describe('the warning for a cell that held the event loop', () => {
  const code = 'const t = Date.now(); while (Date.now() - t < 5000) {}; node.cache.orders().length';

  it('says the node waited when it runs in the session (inline)', () => {
    expect(loopHeldWarning('cell 2', code, 5040)).toBe(
      'keel: cell 2 (const t = Date.now(); while (Date.now() - t < 5000) {}; nod…) held the event loop for 5.0 s (the node could not process venue events meanwhile)');
  });

  it('says the node was not delayed when it runs in its own process (isolated)', () => {
    expect(loopHeldWarning('cell 2', code, 5040, true)).toBe(
      'keel: cell 2 (const t = Date.now(); while (Date.now() - t < 5000) {}; nod…) held the event loop for 5.0 s (the node runs in its own process and was not delayed)');
  });
});
