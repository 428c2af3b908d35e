import type { PortfolioView } from './types.js';

/**
 * The readers of a portfolio and nothing else (what a strategy gets as `this.portfolio`): a strategy
 * cannot feed it quotes, rebuild it or swap its account provider, not even by a cast.
 */
export function portfolioView(p: PortfolioView): PortfolioView {
  return {
    netPosition: (id) => p.netPosition(id),
    avgPx: (id) => p.avgPx(id),
    realizedPnl: (id) => p.realizedPnl(id),
    unrealizedPnl: (id) => p.unrealizedPnl(id),
    totalPnl: (id) => p.totalPnl(id),
    exposure: (id) => p.exposure(id),
    isFlat: (id) => p.isFlat(id),
    isNetLong: (id) => p.isNetLong(id),
    isNetShort: (id) => p.isNetShort(id),
    dayPnl: (currency) => p.dayPnl(currency),
    equity: (currency) => p.equity(currency),
    marginUsed: (currency) => p.marginUsed(currency),
    summary: () => p.summary(),
  };
}
