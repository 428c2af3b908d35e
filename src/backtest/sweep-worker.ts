import { parentPort, workerData } from 'node:worker_threads';
import type { Strategy, StrategyConfig } from '../engine/strategy/strategy.js';
import type { BacktestOptionsInput } from './backtest-options.js';
import { fromWire, type WireMarketData } from './market-data-wire.js';
import type { BacktestStatistics } from './result-types.js';
import { backtest } from './runner.js';

/**
 * One sweep worker thread: loads the strategy class by module, then runs the combinations the main
 * thread hands it one at a time (`ready` asks for the next), each a full backtest, answering with its
 * statistics. The data comes once, with the worker: paths, or plain values rebuilt here.
 */
export interface SweepWorkerData {
  readonly moduleUrl: string;
  readonly exportName: string;
  readonly config: StrategyConfig<Record<string, unknown>>;
  readonly options: Omit<BacktestOptionsInput, 'signal' | 'onProgress' | 'from' | 'to'> & { from?: bigint; to?: bigint };
}
export interface SweepJob {
  readonly index: number;
  readonly params: Record<string, unknown>;
}
export type SweepReply =
  | { kind: 'ready' }
  | { kind: 'done'; index: number; statistics: BacktestStatistics; errors: number }
  | { kind: 'failed'; index: number; message: string };

function rebuild(data: unknown): unknown {
  const wire = (d: unknown) => (typeof d === 'object' && d !== null && 'wire' in d ? (d as { wire: WireMarketData[] }).wire.map(fromWire) : d);
  return Array.isArray(data) ? data.map(wire) : wire(data);
}

async function main(): Promise<void> {
  const port = parentPort;
  if (port === null) return;
  const init = workerData as SweepWorkerData;
  const Cls = ((await import(init.moduleUrl)) as Record<string, unknown>)[init.exportName] as new (c: StrategyConfig<Record<string, unknown>>) => Strategy<unknown>;
  const data = rebuild(init.options.data);
  port.on('message', (job: SweepJob) => {
    void (async () => {
      try {
        const r = await backtest(new Cls({ ...init.config, params: { ...(init.config.params ?? {}), ...job.params } }), { ...init.options, data, progress: false });
        port.postMessage({ kind: 'done', index: job.index, statistics: r.statistics, errors: r.errors.length } satisfies SweepReply);
      } catch (e) {
        port.postMessage({ kind: 'failed', index: job.index, message: e instanceof Error ? e.message : String(e) } satisfies SweepReply);
      }
    })();
  });
  port.postMessage({ kind: 'ready' } satisfies SweepReply);
}

void main();
