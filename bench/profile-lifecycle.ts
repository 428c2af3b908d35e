import { Session } from 'node:inspector/promises';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { inProcessNode, lifecycles } from './in-process-venue.js';

/**
 * Where the in-process lifecycle's time goes: a CPU profile of N lifecycles (after a warm-up), summed
 * by self time per function, and the share of wall time spent in garbage collection.
 *   npm run profile:lifecycle [-- N]      (default 40,000 lifecycles; PROFILE_CALLERS=1 names allocators' callers)
 */
interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number; children?: number[] }
interface HeapNode { callFrame: ProfileNode['callFrame']; selfSize: number; children: HeapNode[] }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

const N = Number(process.argv[2] ?? 40_000);
const BATCH = 2_000;
const TOP = 30;
/** PROFILE_CALLERS=1: every allocating function is named with its caller (who calls `add` that often?). */
const CALLERS = process.env.PROFILE_CALLERS === '1';

const { node, s } = await inProcessNode();
for (let i = 0; i < 5; i++) await lifecycles(node, s, BATCH);

let gcMs = 0;
let gcCount = 0;
const gc = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) { gcMs += e.duration; gcCount += 1; }
});
gc.observe({ entryTypes: ['gc'] });
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 500 });
await session.post('Profiler.start');
// Allocation sampling beside the CPU profile: GC time is paid for by whoever allocates.
await session.post('HeapProfiler.enable');
await session.post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
const heapBefore = process.memoryUsage().heapUsed;
const t0 = performance.now();
for (let done = 0; done < N; done += BATCH) await lifecycles(node, s, BATCH);
const wallMs = performance.now() - t0;
const { profile } = (await session.post('Profiler.stop')) as { profile: Profile };
const { profile: heap } = (await session.post('HeapProfiler.stopSampling')) as { profile: { head: HeapNode } };
// The lifecycles resolve through microtasks only: the observer's entries arrive once the loop yields to timers.
await new Promise((r) => setTimeout(r, 100));
gc.disconnect();
session.disconnect();
await node.dispose();

// Self time per function: each sample's delta goes to the node it landed in.
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map<string, number>();
/** Self time per source file (builtins and the collector by name): which module to look at first. */
const byFile = new Map<string, number>();
const label = (f: ProfileNode['callFrame']): string => {
  // tsx compiles each file to one line: the file names the function, the line number would not.
  const where = f.url ? f.url.replace(/^file:\/\/.*?\/(src|bench|node_modules)\//, '$1/') : '';
  return `${f.functionName || '(anonymous)'} ${where}`.trim();
};
let totalUs = 0;
for (let i = 0; i < profile.samples.length; i++) {
  const n = byId.get(profile.samples[i]!)!;
  const dt = profile.timeDeltas[i] ?? 0;
  totalUs += dt;
  const key = label(n.callFrame);
  self.set(key, (self.get(key) ?? 0) + dt);
  const file = n.callFrame.url ? n.callFrame.url.replace(/^file:\/\/.*?\/(src|bench|node_modules)\//, '$1/').replace(/^(node_modules\/[^/]+)\/.*$/, '$1') : label(n.callFrame);
  byFile.set(file, (byFile.get(file) ?? 0) + dt);
}
// Sampled allocations: bytes per lifecycle by the allocating function (V8 samples one allocation every ~4 KB).
const allocated = new Map<string, number>();
let allocatedTotal = 0;
// A builtin (Map, set, slice: no file) is named with its caller, which is the line to change.
const walk = (n: HeapNode, caller: string): void => {
  const own = label(n.callFrame);
  if (n.selfSize > 0) {
    const key = n.callFrame.url && !CALLERS ? own : `${own} ← ${caller}`;
    allocated.set(key, (allocated.get(key) ?? 0) + n.selfSize);
    allocatedTotal += n.selfSize;
  }
  for (const c of n.children) walk(c, own);
};
walk(heap.head, '(root)');
const allocRows = [...allocated].sort((a, b) => b[1] - a[1]).slice(0, TOP);
const rows = [...self].sort((a, b) => b[1] - a[1]).slice(0, TOP);
const pct = (x: number): string => `${((100 * x) / totalUs).toFixed(1).padStart(5)} %`;
const out = [
  `${N} in-process lifecycles in ${wallMs.toFixed(0)} ms: ${Math.round((N * 1000) / wallMs)} lifecycles/s, ${((wallMs * 1000) / N).toFixed(1)} µs each`,
  `GC: ${gcMs.toFixed(0)} ms in ${gcCount} pauses = ${((100 * gcMs) / wallMs).toFixed(1)} % of wall time; heapUsed +${((process.memoryUsage().heapUsed - heapBefore) / N).toFixed(0)} B per lifecycle (before GC)`,
  `top ${TOP} files by self time:`,
  ...[...byFile].sort((a, b) => b[1] - a[1]).slice(0, TOP).map(([k, us]) => `${pct(us)}  ${(us / N).toFixed(2).padStart(6)} µs/lc  ${k}`),
  `top ${TOP} functions by self time (of ${(totalUs / 1000).toFixed(0)} ms sampled):`,
  ...rows.map(([k, us]) => `${pct(us)}  ${(us / N).toFixed(2).padStart(6)} µs/lc  ${k}`),
  `top ${TOP} allocating functions (sampled, collected or not; ${(allocatedTotal / N).toFixed(0)} B per lifecycle in all):`,
  ...allocRows.map(([k, b]) => `${((100 * b) / allocatedTotal).toFixed(1).padStart(5)} %  ${(b / N).toFixed(0).padStart(6)} B/lc  ${k}`),
];
process.stdout.write(`${out.join('\n')}\n`);
