import { describe, expect, it } from 'vitest';
import { MessageBus } from '../../../src/engine/bus/index.js';
import { PORTFOLIO_TOPIC } from '../../../src/kernel/control/node-streams.js';
import { portfolioEquity } from '../../../src/kernel/live/portfolio-equity.js';
import { buildEquityCurve } from '../../../src/kernel/display/index.js';

const MS = 1_000_000n;
const summary = (ms: number, totalPnl: string, equity: string | null = null) => ({
  kind: 'PortfolioSummary', instruments: [],
  currencies: [{ currency: 'USDT', realizedPnl: '0 USDT', unrealizedPnl: totalPnl, totalPnl, exposure: '0 USDT', dayPnl: totalPnl, equity, marginUsed: null }],
  tsEvent: BigInt(ms) * MS,
});

describe('the equity curve from the portfolio', () => {
  it("samples a mirror's summaries: total PnL per summary, labelled with the currency; a point closer than the spacing is held as the last one", () => {
    const bus = new MessageBus();
    const eq = portfolioEquity({ bus, portfolio: { summary: () => summary(0, '0 USDT') } }, { spacingMs: 250 });
    bus.publish(PORTFOLIO_TOPIC, summary(1000, '-1.5 USDT'));
    bus.publish(PORTFOLIO_TOPIC, summary(1300, '-2.25 USDT'));
    bus.publish(PORTFOLIO_TOPIC, summary(1400, '-3 USDT'));

    expect(eq.points()).toEqual([{ ts: 1000, value: -1.5 }, { ts: 1300, value: -2.25 }, { ts: 1400, value: -3 }]);
    bus.publish(PORTFOLIO_TOPIC, summary(1450, '-4 USDT'));
    expect(eq.points()).toEqual([{ ts: 1000, value: -1.5 }, { ts: 1300, value: -2.25 }, { ts: 1450, value: -4 }]);
    expect(buildEquityCurve(eq).label).toBe('total PnL USDT (portfolio)');
    eq.stop();
  });

  it('draws equity instead once the portfolio knows the balance', () => {
    const bus = new MessageBus();
    const eq = portfolioEquity({ bus, portfolio: { summary: () => summary(0, '0 USDT', '1000 USDT') } });
    bus.publish(PORTFOLIO_TOPIC, summary(2000, '5 USDT', '1005 USDT'));
    expect(eq.points()).toEqual([{ ts: 2000, value: 1005 }]);
    expect(eq.label).toBe('equity USDT (portfolio)');
  });

  it("a local portfolio's changes mark it; the ring keeps the latest `capacity` samples", () => {
    let now = 0;
    let listener: () => void = () => undefined;
    const eq = portfolioEquity({ portfolio: { summary: () => summary(now, `${now / 1000} USDT`), onChange: (l) => { listener = l; return () => undefined; } } }, { capacity: 3, spacingMs: 0 });
    for (now = 1000; now <= 5000; now += 1000) listener();
    expect(eq.points().map((p) => p.value)).toEqual([3, 4, 5]);
  });

  it('reads the portfolio once when nothing has been sampled yet', () => {
    const eq = portfolioEquity({ portfolio: { summary: () => summary(7000, '2 USDT') } });
    expect(eq.points()).toEqual([{ ts: 7000, value: 2 }]);
  });
});
