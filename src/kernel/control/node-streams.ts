/**
 * What the control endpoint streams beyond orders, positions and config: market data (bars as they come,
 * quotes thinned per instrument) so charts drawn from a mirror have prices, and the portfolio with the
 * risk usage (after fills, marks and config changes, at most a few times a second) so `.portfolio`,
 * `.risk` and their live views read the mirror as they read a local node. Thinning keeps the newest: a
 * burst sends its first item at once and its last one when the spacing has passed, never a stale one last.
 */
import { topics } from '../../engine/bus/index.js';
import type { Bar, QuoteTick, TradingNode } from '../../engine/index.js';
import { riskUsage } from '../session/risk-usage.js';

/** Where a mirror republishes the node's portfolio summaries (live views of the portfolio listen here). */
export const PORTFOLIO_TOPIC = 'kernel.portfolio';

export interface NodeStreamOptions {
  /** Least time between two quotes of one instrument on the wire (default 250 ms). */
  readonly quoteSpacingMs?: number;
  /** Least time between two portfolio/risk pushes (default 250 ms). */
  readonly portfolioSpacingMs?: number;
}

/** Leading and trailing: the first call runs now, calls within `ms` collapse into one run when it ends. */
export function throttle(run: () => void, ms: number): { call(): void; cancel(): void } {
  let last = -Infinity;
  let timer: NodeJS.Timeout | undefined;
  const fire = (): void => { timer = undefined; last = performance.now(); run(); };
  return {
    call() {
      if (timer) return;
      const wait = last + ms - performance.now();
      if (wait <= 0) fire();
      else timer = setTimeout(fire, wait);
    },
    cancel() { if (timer) clearTimeout(timer); timer = undefined; },
  };
}

export function streamNodeState(node: TradingNode, push: (event: Record<string, unknown>) => void, options: NodeStreamOptions = {}): () => void {
  const quoteMs = options.quoteSpacingMs ?? 250;
  const latest = new Map<string, QuoteTick>();
  const quoteThrottles = new Map<string, ReturnType<typeof throttle>>();
  const portfolio = throttle(() => push({ kind: 'portfolio', summary: node.portfolio.summary(), risk: riskUsage(node) }), options.portfolioSpacingMs ?? 250);
  const offs = [
    node.bus.subscribe<QuoteTick>(topics.allQuotes, (q) => {
      latest.set(q.instrumentId, q);
      let t = quoteThrottles.get(q.instrumentId);
      if (!t) {
        const id = q.instrumentId;
        t = throttle(() => { const last = latest.get(id); if (last) push({ kind: 'market', quote: last }); }, quoteMs);
        quoteThrottles.set(id, t);
      }
      t.call();
    }, { prefix: true }),
    node.bus.subscribe<Bar>(topics.allBars, (bar) => push({ kind: 'market', bar }), { prefix: true }),
    node.portfolio.onChange(() => portfolio.call()),
    // Orders move the submit-rate usage; config changes move limits and the trading state.
    node.bus.subscribe(topics.allOrderEvents, () => portfolio.call(), { prefix: true }),
    node.bus.subscribe(topics.configChanges, () => portfolio.call()),
  ];
  return () => {
    for (const off of offs) off();
    portfolio.cancel();
    for (const t of quoteThrottles.values()) t.cancel();
  };
}
