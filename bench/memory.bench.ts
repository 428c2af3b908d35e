import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, bench, describe } from 'vitest';

/**
 * Memory per retained closed order on a live node with its default persistence (issue 16's goal:
 * ≤ 1.5 KB), over 100k and 300k lifecycles, beside a plain-object baseline measured in the same process.
 * Each size runs in its own `node --expose-gc` child (bench/memory-retained.ts): heapUsed is read after a
 * full GC, which vitest's workers cannot force.
 *   npx vitest bench --run bench/memory.bench.ts
 */
const SIZES = [100_000, 300_000];
const SCRIPT = fileURLToPath(new URL('./memory-retained.ts', import.meta.url));
interface Figure { readonly n: number; readonly nodeBytesPerOrder: number; readonly plainBytesPerOrder: number }
const figures: Figure[] = [];
afterAll(() => {
  const lines = figures.map((f) => `${f.n} closed orders: keel ${(f.nodeBytesPerOrder / 1024).toFixed(2)} KB/order; plain object ${(f.plainBytesPerOrder / 1024).toFixed(2)} KB/order; `
    + `keel / plain ${(f.nodeBytesPerOrder / f.plainBytesPerOrder).toFixed(1)}x`);
  process.stdout.write(`\nMEMORY FIGURE (target <= 1.5 KB per retained closed order):\n  ${lines.join('\n  ')}\n`);
});

describe('memory per retained closed order', () => {
  for (const n of SIZES) {
    // tinybench calls a task more than once even at one iteration: the child runs once per size.
    bench(`${n} lifecycles on a node with memory persistence`, () => {
      if (figures.some((f) => f.n === n)) return;
      const out = execFileSync(process.execPath, ['--expose-gc', '--disable-warning=ExperimentalWarning', '--import', 'tsx', SCRIPT, String(n)], { encoding: 'utf8', maxBuffer: 1 << 20 });
      figures.push(JSON.parse(out.trim().split('\n').pop()!) as Figure);
    }, { iterations: 1, warmupIterations: 0, time: 0, warmupTime: 0 });
  }
});
