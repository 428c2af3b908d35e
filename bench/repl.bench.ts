/**
 * The terminal REPL's speed: ready time (process start to the first prompt, as `npm start`), evaluation
 * overhead per cell inside a live session (the demo strategy trading on the replayed BTC bars), and the
 * event-loop lag p99 over that run. Targets: ready ≤ 1 s, overhead ≤ 20 ms, lag p99 ≤ 5 ms.
 * Ready time is measured both ways `npm start` can start: compiled (dist/, fresh after `npm run build`)
 * and from the TypeScript sources through tsx (KEEL_FROM_SOURCE=1, what a stale or missing dist/ gets).
 * Run: npx vitest bench --run bench/repl.bench.ts  (figures beyond vitest's table are printed at the end)
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, bench, describe } from 'vitest';
import { createSession } from '../src/kernel/index.js';
import { distStatus } from '../bin/dist.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

type StartMode = 'compiled' | 'tsx';
const DIST_FRESH = distStatus().fresh;

/** Spawns the REPL as `npm start` runs it (minus npm's own start-up) and resolves at the first prompt. */
function readyTimeMs(mode: StartMode): Promise<number> {
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', 'bin/keel.js', 'repl', '--no-history'], {
    cwd: ROOT,
    env: { ...process.env, KEEL_FROM_SOURCE: mode === 'tsx' ? '1' : '0' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.endsWith('keel> ')) {
        const ms = performance.now() - t0;
        child.kill('SIGKILL');
        resolve(ms);
      }
    });
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.once('exit', (code) => (code !== null ? reject(new Error(`REPL exited ${code} before its prompt:\n${out}`)) : undefined));
  });
}

const readyTimes: Record<StartMode, number[]> = { compiled: [], tsx: [] };
const lag = monitorEventLoopDelay({ resolution: 1 });
const session = await createSession({ replaySpeed: 6000 });
let logLines = 0;
session.log.sink = () => void logLines++;
session.node.addStrategy(new session.demoStrategy.cls({ manageContingentOrders: true }));
/** A cell every CELL_GAP_MS: faster than anyone types or pastes, and the loop gets its turns in between as in a real REPL. */
const CELL_GAP_MS = 50;
const cells = ['1 + 1', 'node.cache.orders().length', "node.cache.positions({ open: true }).map((p) => p.id)", 'class Probe extends keel.Strategy {\n  onBar(bar) { return bar.close; }\n}'];
let cellIndex = 0;

const ms = (ns: number) => (ns / 1e6).toFixed(2);
afterAll(async () => {
  const readyLine = (mode: StartMode, label: string) => {
    const sorted = [...readyTimes[mode]].sort((a, b) => a - b);
    return sorted.length === 0
      ? `REPL ready time, ${label}: not measured${mode === 'compiled' ? ' (dist/ missing or stale: run `npm run build`)' : ''}`
      : `REPL ready time (process start → prompt), ${label}: ${sorted.map((t) => t.toFixed(0)).join(', ')} ms; median ${sorted[Math.floor(sorted.length / 2)]?.toFixed(0)} ms (target ≤ 1000)`;
  };
  const orders = session.node.cache.orders().length;
  const report = await session.stop();
  console.log(
    [
      '',
      readyLine('compiled', 'compiled (dist/)'),
      readyLine('tsx', 'from sources (tsx)'),
      `  of which the session (embedded venue, node connected, start-up reconciliation), in-process: ${session.startupMs.toFixed(0)} ms`,
      `event-loop lag while the demo trades (replay 6000x) and a cell runs every ${CELL_GAP_MS} ms: p50 ${ms(lag.percentile(50))} ms, p99 ${ms(lag.percentile(99))} ms, max ${ms(lag.max)} ms (target p99 ≤ 5)`,
      `demo strategy orders during the run: ${orders}; node warnings/errors logged: ${logLines}; stop: ${report.ordersCanceled.length} canceled`,
    ].join('\n'),
  );
});

describe('evaluation overhead per cell in a live session (demo strategy trading)', () => {
  bench('trivial cell `1 + 1`', async () => {
    await session.evaluator.evaluate('1 + 1');
  });

  bench('cell reading the cache: `node.cache.orders().length`', async () => {
    await session.evaluator.evaluate('node.cache.orders().length');
  });

  bench('class definition over several lines', async () => {
    await session.evaluator.evaluate('class Probe extends keel.Strategy {\n  onStart() {}\n  onBar(bar) { return bar.close; }\n}');
  });
});

describe('event-loop lag while the demo strategy trades and cells run', () => {
  bench(
    `a cell every ${CELL_GAP_MS} ms (lag printed at the end)`,
    async () => {
      await session.evaluator.evaluate(cells[cellIndex++ % cells.length]!);
      await new Promise((resolve) => setTimeout(resolve, CELL_GAP_MS));
    },
    {
      iterations: 80,
      warmupIterations: 0,
      time: 0,
      warmupTime: 0,
      setup: () => {
        lag.reset();
        lag.enable();
      },
      teardown: () => {
        lag.disable();
      },
    },
  );
});

describe('REPL ready time', () => {
  const once = { iterations: 5, warmupIterations: 1, time: 0, warmupTime: 0 };
  bench.skipIf(!DIST_FRESH)(
    'process start → first prompt, compiled (node bin/keel.js repl, fresh dist/)',
    async () => {
      readyTimes.compiled.push(await readyTimeMs('compiled'));
    },
    once,
  );
  bench(
    'process start → first prompt, from sources (KEEL_FROM_SOURCE=1 node bin/keel.js repl)',
    async () => {
      readyTimes.tsx.push(await readyTimeMs('tsx'));
    },
    once,
  );
});
