/**
 * Recognising a backtest's result and a sweep's by `kind` (duck-typed as in kinds.ts: a result may come
 * back from a worker thread or a JSON file as plain data).
 */
import type { BacktestResult, SweepResult } from '../../backtest/result-types.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

export function isBacktestResult(value: unknown): value is BacktestResult {
  return isObject(value) && value['kind'] === 'backtest-result' && isObject(value['statistics']) && Array.isArray(value['trades']);
}

export function isSweepResult(value: unknown): value is SweepResult {
  return isObject(value) && value['kind'] === 'sweep-result' && Array.isArray(value['rows']) && isObject(value['grid']);
}
