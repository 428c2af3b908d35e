/**
 * The equity curve fed by the portfolio: a sample of one currency's equity (balance + unrealized, when
 * the node knows its balances) or else its total PnL (realized net of fees + unrealized, marked to the
 * market), taken on each portfolio change and kept in a bounded ring like the market history. A local
 * node's portfolio changes on every quote, so samples are spaced (the newest one between two kept
 * samples is held as the curve's last point, never dropped); a mirror's summaries arrive spaced already.
 */
import type { EquityPoint, EquityProvider } from '../display/index.js';
import { isPortfolioSummary, type PortfolioSummaryLike } from '../display/index.js';
import { PORTFOLIO_TOPIC } from '../control/node-streams.js';
import { Ring } from './market-history.js';
import type { LiveBus } from './node-live-view.js';

export interface PortfolioEquityNode {
  readonly bus?: LiveBus;
  readonly portfolio?: { summary(): unknown; onChange?(listener: () => void): () => void };
}

export interface PortfolioEquityOptions {
  /** The currency drawn (default: the first one the portfolio has). */
  readonly currency?: string;
  /** Samples kept (default 2000). */
  readonly capacity?: number;
  /** Least time between two kept samples, by the summaries' own timestamps (default 250 ms). */
  readonly spacingMs?: number;
}

export interface PortfolioEquity extends EquityProvider {
  stop(): void;
}

interface Sample { readonly ts: number; readonly value: number; readonly currency: string; readonly what: 'equity' | 'total PnL' }

function nsToMs(v: unknown): number | undefined {
  if (typeof v === 'bigint') return Number(v / 1_000_000n);
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(BigInt(v) / 1_000_000n);
  if (typeof v === 'number' && Number.isFinite(v)) return Math.floor(v / 1_000_000);
  return undefined;
}

const amount = (money: string): number => Number(money.split(' ')[0]);

export function portfolioEquity(node: PortfolioEquityNode, options: PortfolioEquityOptions = {}): PortfolioEquity {
  const ring = new Ring<Sample>(options.capacity ?? 2000);
  const spacing = options.spacingMs ?? 250;
  let tail: Sample | undefined;
  let dirty = false;
  let readAt = -Infinity;

  const sampleOf = (s: PortfolioSummaryLike): Sample | undefined => {
    const c = options.currency === undefined ? s.currencies[0] : s.currencies.find((x) => x.currency === options.currency);
    const ts = nsToMs(s.tsEvent);
    if (c === undefined || ts === undefined) return undefined;
    const value = c.equity !== null ? amount(c.equity) : amount(c.totalPnl);
    return Number.isFinite(value) ? { ts, value, currency: c.currency, what: c.equity !== null ? 'equity' : 'total PnL' } : undefined;
  };
  const take = (summary: unknown): void => {
    if (!isPortfolioSummary(summary)) return;
    const s = sampleOf(summary);
    if (s === undefined) return;
    const last = ring.last();
    if (last === undefined || s.ts - last.ts >= spacing) {
      ring.push(s);
      tail = undefined;
    } else {
      tail = s;
    }
  };
  const read = (): void => {
    dirty = false;
    readAt = performance.now();
    take(node.portfolio?.summary());
  };

  let off: () => void = () => undefined;
  const portfolio = node.portfolio;
  if (portfolio?.onChange) {
    // Reading the summary on every quote would cost the quote path; mark it and read at most once a spacing.
    off = portfolio.onChange(() => {
      if (performance.now() - readAt >= spacing) read();
      else dirty = true;
    });
  } else if (node.bus) {
    off = node.bus.subscribe(PORTFOLIO_TOPIC, (summary) => take(summary));
  }

  const latest = (): Sample | undefined => tail ?? ring.last();
  return {
    get label(): string {
      const s = latest();
      return s === undefined ? 'total PnL (portfolio)' : `${s.what} ${s.currency} (portfolio)`;
    },
    points(): readonly EquityPoint[] {
      if (dirty || ring.size === 0) read();
      const kept = ring.toArray().map((s) => ({ ts: s.ts, value: s.value }));
      return tail === undefined ? kept : [...kept, { ts: tail.ts, value: tail.value }];
    },
    stop: () => off(),
  };
}
