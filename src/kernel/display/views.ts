/**
 * From a keel value to its view model, chosen by `kind` (or error class). `undefined` means the value
 * is not keel's, and callers fall back to `util.inspect`.
 */
import {
  isArrayOf,
  isConfigChange,
  isContingentOrderTree,
  isEngineErrorLike,
  isOrderLike,
  isPositionLike,
  isReconciliationResult,
  isZodErrorLike,
} from './kinds.js';
import type { View } from './model.js';
import { configChangeView, configChangesView } from './views-config.js';
import { engineErrorView, zodErrorView } from './views-errors.js';
import { orderView, ordersView, positionView, positionsView } from './views-orders.js';
import { reconciliationView } from './views-reconciliation.js';
import { orderTreeView } from './views-tree.js';
import { isPromoteResult, promoteResultView } from './views-promote.js';
import { isAccountState, isPortfolioSummary, isRiskUsage } from './kinds-money.js';
import { accountStateView, portfolioSummaryView, riskUsageView } from './views-money.js';
import { isBacktestResult, isSweepResult } from './kinds-backtest.js';
import { backtestResultView, sweepResultView } from './views-backtest.js';

export function toView(value: unknown): View | undefined {
  if (isOrderLike(value)) return orderView(value);
  if (isPositionLike(value)) return positionView(value);
  if (isReconciliationResult(value)) return reconciliationView(value);
  if (isContingentOrderTree(value)) return orderTreeView(value);
  if (isConfigChange(value)) return configChangeView(value);
  if (isPromoteResult(value)) return promoteResultView(value);
  if (isPortfolioSummary(value)) return portfolioSummaryView(value);
  if (isRiskUsage(value)) return riskUsageView(value);
  if (isAccountState(value)) return accountStateView(value);
  if (isBacktestResult(value)) return backtestResultView(value);
  if (isSweepResult(value)) return sweepResultView(value);
  if (isEngineErrorLike(value)) return engineErrorView(value);
  if (isZodErrorLike(value)) return zodErrorView(value);
  if (isArrayOf(value, isOrderLike)) return ordersView(value);
  if (isArrayOf(value, isPositionLike)) return positionsView(value);
  if (isArrayOf(value, isConfigChange)) return configChangesView(value);
  return undefined;
}

/** True when the display layer has a view for this value. */
export function isDisplayable(value: unknown): boolean {
  return toView(value) !== undefined;
}
