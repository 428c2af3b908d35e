import { describe, expect, it } from 'vitest';
import { renderHtml, renderText } from '../../../src/kernel/display/index.js';

const summary = {
  kind: 'PortfolioSummary' as const,
  instruments: [
    { instrumentId: 'BTCUSDT-PERP.SIM', currency: 'USDT', netQty: '0.010', avgPx: '67000.0', realizedPnl: '-1.20 USDT', unrealizedPnl: '3.40 USDT', totalPnl: '2.20 USDT', exposure: '670.34 USDT', mark: '67034.0', markSource: 'quote' as const },
  ],
  currencies: [
    { currency: 'USDT', realizedPnl: '-1.20 USDT', unrealizedPnl: '3.40 USDT', totalPnl: '2.20 USDT', exposure: '670.34 USDT', dayPnl: '-12.40 USDT', equity: null, marginUsed: null },
  ],
  tsEvent: 1_764_720_000_000_000_000n,
};

const risk = (tradingState: string, reason: string | null = null) => ({
  kind: 'RiskUsage' as const,
  tradingState,
  reason,
  limits: [
    { limit: 'submit rate', used: '2 in 1000 ms', max: '100', fraction: 0.02 },
    { limit: 'daily loss USDT', used: '12.40', max: '15', fraction: 12.4 / 15 },
    { limit: 'position BTCUSDT-PERP.SIM', used: '0.02', max: '0.01', fraction: 2 },
  ],
});

const account = {
  type: 'AccountState' as const, accountId: 'SIM-001', venue: 'SIM', accountType: 'MARGIN', leverage: '10', reported: 'PUSHED',
  balances: [{ currency: 'USDT', total: '1000', locked: '67.03', free: '932.97' }],
  margins: [{ instrumentId: 'BTCUSDT-PERP.SIM', initial: '67.03', maintenance: '33.52', leverage: '10' }],
  tsEvent: 1_764_720_000_000_000_000n,
};

describe('money views', () => {
  it('the portfolio summary as text carries every figure: per instrument and per currency with the day PnL', () => {
    const out = renderText(summary, { colors: false })!;
    expect(out).toContain('Portfolio as of 2025-12-03T00:00:00.000Z');
    expect(out).toMatch(/BTCUSDT-PERP\.SIM\s+0\.010\s+67000\.0\s+67034\.0\s+quote\s+-1\.20 USDT\s+3\.40 USDT\s+2\.20 USDT\s+670\.34 USDT/);
    expect(out).toContain("day's PnL");
    expect(out).toMatch(/USDT\s+-1\.20 USDT\s+3\.40 USDT\s+2\.20 USDT\s+-12\.40 USDT\s+670\.34 USDT/);
  });

  it('PnL is red when negative and green when positive, in text and in HTML', () => {
    const text = renderText(summary, { colors: true })!;
    expect(text).toContain('\x1b[31m-1.20 USDT');
    expect(text).toContain('\x1b[32m 3.40 USDT');
    const html = renderHtml(summary)!;
    expect(html).toContain('<span style="color:#cf222e">-1.20 USDT</span>');
    expect(html).toContain('<span style="color:#1a7f37">3.40 USDT</span>');
    expect(html).toContain('<span style="color:#cf222e;font-weight:600">-12.40 USDT</span>');
  });

  it('an empty portfolio says so', () => {
    const out = renderText({ kind: 'PortfolioSummary', instruments: [], currencies: [], tsEvent: 0n }, { colors: false })!;
    expect(out).toBe('Portfolio as of 1970-01-01T00:00:00.000Z\nno fills yet: nothing held, no PnL');
  });

  it('the risk usage: each limit with used / max and a bar, amber from 80 %, red at 100 %', () => {
    const out = renderText(risk('ACTIVE'), { colors: false })!;
    expect(out.split('\n')).toEqual([
      'Risk ACTIVE',
      'limit                              used   max  usage',
      '─────────────────────────  ────────────  ────  ───────────────',
      'submit rate                2 in 1000 ms   100  ░░░░░░░░░░ 2%',
      'daily loss USDT                   12.40    15  ████████░░ 83%',
      'position BTCUSDT-PERP.SIM          0.02  0.01  ██████████ 200%',
    ]);
    const colored = renderText(risk('ACTIVE'), { colors: true })!;
    expect(colored).toContain('\x1b[32m░░░░░░░░░░ 2%');
    expect(colored).toContain('\x1b[33m████████░░ 83%');
    expect(colored).toContain('\x1b[31m██████████ 200%');
  });

  it('the trading state in colour with its reason: ACTIVE green, REDUCING amber, HALTED red', () => {
    expect(renderText(risk('ACTIVE'), { colors: true })).toContain('\x1b[32m\x1b[1mACTIVE');
    expect(renderText(risk('REDUCING', 'desk'), { colors: true })).toContain('\x1b[33m\x1b[1mREDUCING');
    const halted = renderText(risk('HALTED', 'loss circuit breaker: day PnL -15.2 USDT at or below -15 USDT'), { colors: false })!;
    expect(halted.split('\n')[0]).toBe('Risk HALTED loss circuit breaker: day PnL -15.2 USDT at or below -15 USDT');
    const html = renderHtml(risk('HALTED', 'stop'))!;
    expect(html).toContain('<span style="color:#fff;background:#cf222e;padding:0 4px;border-radius:3px;font-weight:600">HALTED</span>');
    expect(html).toContain('<span style="color:#b08800">████████░░ 83%</span>');
  });

  it('an account state: balances (total, locked, free) and margins', () => {
    const out = renderText(account, { colors: false })!;
    expect(out).toContain('Account SIM-001 at SIM MARGIN leverage 10 pushed 2025-12-03T00:00:00.000Z');
    expect(out).toMatch(/USDT\s+1000\s+67\.03\s+932\.97/);
    expect(out).toMatch(/BTCUSDT-PERP\.SIM\s+67\.03\s+33\.52\s+10/);
    expect(renderHtml(account)).toContain('932.97');
  });
});
