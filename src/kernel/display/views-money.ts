/**
 * Money views: the portfolio summary (per instrument and per currency, PnL green/red), the risk usage
 * (trading state in colour, each limit's used / max with a small usage bar) and a venue's account state.
 * Plain data in, one model out: the terminal and the notebook show the same figures.
 */
import { formatNs, pnlTone, text } from './format.js';
import type { Block, Column, Span, Tone, View } from './model.js';
import { span, words } from './model.js';
import type { AccountStateLike, PortfolioSummaryLike, RiskUsageLike } from './kinds-money.js';

const left = (label: string, drop?: number): Column => (drop === undefined ? { label, align: 'left' } : { label, align: 'left', drop });
const right = (label: string, drop?: number): Column => (drop === undefined ? { label, align: 'right' } : { label, align: 'right', drop });
const pnl = (v: unknown): Span => span(text(v), pnlTone(v));
const plain = (v: unknown, tone: Tone = 'neutral'): Span => span(text(v), tone);

export function portfolioSummaryView(s: PortfolioSummaryLike): View {
  const blocks: Block[] = [words(span('Portfolio', 'neutral', { strong: true }), span(`as of ${formatNs(s.tsEvent)}`, 'muted'))];
  if (s.instruments.length === 0 && s.currencies.length === 0) {
    blocks.push(words(span('no fills yet: nothing held, no PnL', 'muted')));
    return { subject: 'PortfolioSummary', blocks };
  }
  if (s.instruments.length > 0) {
    blocks.push({
      kind: 'table',
      columns: [left('instrument'), right('net'), right('avg px', 3), right('mark', 2), left('source', 1), right('realized'), right('unrealized'), right('total'), right('exposure', 4)],
      rows: s.instruments.map((i) => [
        span(i.instrumentId, 'neutral', { strong: true }),
        plain(i.netQty, Number(i.netQty) === 0 ? 'muted' : 'neutral'),
        plain(i.avgPx ?? '—', i.avgPx === null ? 'muted' : 'neutral'),
        plain(i.mark ?? '—', i.mark === null ? 'muted' : 'neutral'),
        plain(i.markSource ?? (i.mark === null && Number(i.netQty) !== 0 ? 'no mark yet' : ''), 'muted'),
        pnl(i.realizedPnl),
        i.unrealizedPnl === null ? plain('—', 'muted') : pnl(i.unrealizedPnl),
        i.totalPnl === null ? plain('—', 'muted') : pnl(i.totalPnl),
        plain(i.exposure ?? '—', i.exposure === null ? 'muted' : 'neutral'),
      ]),
    });
  }
  const withEquity = s.currencies.some((c) => c.equity !== null);
  const withMargin = s.currencies.some((c) => c.marginUsed !== null);
  blocks.push({
    kind: 'table',
    columns: [
      left('currency'), right('realized'), right('unrealized'), right('total'), right("day's PnL"), right('exposure', 2),
      ...(withEquity ? [right('equity')] : []), ...(withMargin ? [right('margin used', 1)] : []),
    ],
    rows: s.currencies.map((c) => [
      span(c.currency, 'neutral', { strong: true }),
      pnl(c.realizedPnl), pnl(c.unrealizedPnl), pnl(c.totalPnl),
      span(text(c.dayPnl), pnlTone(c.dayPnl), { strong: true }),
      plain(c.exposure),
      ...(withEquity ? [plain(c.equity ?? '—')] : []),
      ...(withMargin ? [plain(c.marginUsed ?? '—')] : []),
    ]),
  });
  return { subject: 'PortfolioSummary', blocks };
}

/** ACTIVE green, REDUCING amber, HALTED red (any other state: neutral). */
export function tradingStateTone(state: string): Tone {
  return state === 'ACTIVE' ? 'ok' : state === 'REDUCING' ? 'warn' : state === 'HALTED' ? 'bad' : 'neutral';
}

/** Amber from 80 % of a limit, red at or past it. */
export function usageTone(fraction: number | null): Tone {
  if (fraction === null) return 'muted';
  return fraction >= 1 ? 'bad' : fraction >= 0.8 ? 'warn' : 'ok';
}

const BAR_CELLS = 10;

/** `███████░░░ 70%`: ten cells, full past 100 %; a limit of 0 has no bar. */
export function usageBar(fraction: number | null): string {
  if (fraction === null) return 'no limit';
  const filled = Math.max(0, Math.min(BAR_CELLS, Math.round(fraction * BAR_CELLS)));
  return `${'█'.repeat(filled)}${'░'.repeat(BAR_CELLS - filled)} ${Math.round(fraction * 100)}%`;
}

export function riskUsageView(r: RiskUsageLike): View {
  const tone = tradingStateTone(r.tradingState);
  const blocks: Block[] = [
    words(
      span('Risk', 'neutral', { strong: true }),
      span(r.tradingState, tone, { strong: true, ...(r.tradingState === 'HALTED' ? { alert: true } : {}) }),
      span(r.reason ?? '', 'muted'),
    ),
  ];
  if (r.limits.length === 0) {
    blocks.push(words(span('no limits in use', 'muted')));
  } else {
    blocks.push({
      kind: 'table',
      columns: [left('limit'), right('used'), right('max'), left('usage')],
      rows: r.limits.map((l) => {
        const t = usageTone(l.fraction);
        return [span(l.limit), plain(l.used, t === 'bad' ? 'bad' : 'neutral'), plain(l.max, 'muted'), span(usageBar(l.fraction), t)];
      }),
    });
  }
  return { subject: 'RiskUsage', blocks };
}

export function accountStateView(a: AccountStateLike): View {
  const blocks: Block[] = [
    words(
      span('Account', 'neutral', { strong: true }),
      span(`${text(a.accountId)} at ${text(a.venue)}`),
      span(text(a.accountType), 'neutral', { strong: true }),
      span(a.leverage === undefined ? '' : `leverage ${text(a.leverage)}`, 'muted'),
      span(`${text(a.reported ?? '').toLowerCase()} ${formatNs(a.tsEvent)}`.trim(), 'muted'),
    ),
    {
      kind: 'table',
      columns: [left('currency'), right('total'), right('locked'), right('free')],
      rows: a.balances.map((b) => [span(text(b.currency), 'neutral', { strong: true }), plain(b.total), plain(b.locked, 'muted'), plain(b.free, String(text(b.free)).startsWith('-') ? 'bad' : 'ok')]),
    },
  ];
  const margins = a.margins ?? [];
  if (margins.length > 0) {
    blocks.push({
      kind: 'table',
      columns: [left('instrument'), right('initial margin'), right('maintenance'), right('leverage')],
      rows: margins.map((m) => [span(text(m.instrumentId)), plain(m.initial), plain(m.maintenance), plain(m.leverage, 'muted')]),
    });
  }
  return { subject: 'AccountState', blocks };
}
