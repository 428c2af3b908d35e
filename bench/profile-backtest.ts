import { Session } from 'node:inspector/promises';
import { performance } from 'node:perf_hooks';
import { btcMonth, dataOnly, withOrders } from './backtest-scenarios.js';

/**
 * Where a backtest's time goes: a CPU profile of one scenario of bench/backtest-scenarios.ts (after one
 * warm-up run), summed by self time per function and per file.
 *   npm run profile:backtest [-- data|orders|month]      (default data)
 */
interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

const MODE = process.argv[2] ?? 'data';
const TOP = 35;
const scenarios: Record<string, () => Promise<{ ms: number; n: number; unit: string }>> = {
  data: async () => { const r = await dataOnly(); return { ms: r.ms, n: r.delivered, unit: 'events' }; },
  orders: async () => { const r = await withOrders(); return { ms: r.ms, n: r.lifecycles, unit: 'lifecycles' }; },
  month: async () => { const r = await btcMonth(); return { ms: r.ms, n: r.result.events, unit: 'bars' }; },
};
const run = scenarios[MODE];
if (run === undefined) throw new Error(`profile:backtest: expected one of ${Object.keys(scenarios).join(', ')}, received ${MODE}`);
await run();

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 500 });
await session.post('Profiler.start');
const t0 = performance.now();
const r = await run();
const wallMs = performance.now() - t0;
const { profile } = (await session.post('Profiler.stop')) as { profile: Profile };
session.disconnect();

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map<string, number>();
const byFile = new Map<string, number>();
const where = (url: string): string => url.replace(/^file:\/\/.*?\/(src|bench|node_modules)\//, '$1/');
let totalUs = 0;
for (let i = 0; i < profile.samples.length; i++) {
  const f = byId.get(profile.samples[i]!)!.callFrame;
  const dt = profile.timeDeltas[i] ?? 0;
  totalUs += dt;
  const key = `${f.functionName || '(anonymous)'} ${f.url ? where(f.url) : ''}`.trim();
  self.set(key, (self.get(key) ?? 0) + dt);
  const file = f.url ? where(f.url).replace(/^(node_modules\/[^/]+)\/.*$/, '$1') : key;
  byFile.set(file, (byFile.get(file) ?? 0) + dt);
}
const pct = (x: number): string => `${((100 * x) / totalUs).toFixed(1).padStart(5)} %`;
const top = (m: Map<string, number>): string[] => [...m].sort((a, b) => b[1] - a[1]).slice(0, TOP).map(([k, us]) => `${pct(us)}  ${k}`);
process.stdout.write([
  `${MODE}: ${r.n} ${r.unit} in ${wallMs.toFixed(0)} ms = ${Math.round((r.n * 1000) / wallMs)} ${r.unit}/s (profiled)`,
  `top ${TOP} files by self time:`, ...top(byFile),
  `top ${TOP} functions by self time (of ${(totalUs / 1000).toFixed(0)} ms sampled):`, ...top(self),
].join('\n') + '\n');
