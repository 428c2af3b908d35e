/**
 * The `Backtests` namespace of `keel` (one name at the capped entry): what `backtest(...)` takes and
 * returns. The result is plain data (decimals as text, times as ISO text and exact ns).
 */
export type { BacktestOptionsInput as Options, BacktestProgress as Progress } from '../backtest/backtest-options.js';
export type {
  BacktestResult as Result, BacktestStatistics as Statistics, BacktestOrder as Order, BacktestFill as Fill, BacktestTrade as Trade,
  EquitySample, PriceSample, BacktestHookError as HookError, SimTime, SweepResult, SweepRow,
} from '../backtest/result-types.js';
