import type { MarketData } from '../model/market-data.js';

/** A source of market data driven by the injected clock's timers. */
export interface MarketFeed {
  start(sink: (d: MarketData) => void): void;
  stop(): void;
}

/** Feeds need clock timers with unique names; one counter for the process keeps them apart. */
let feedTimerSeq = 0;
export function nextFeedTimerName(kind: string, instrumentId: string): string {
  feedTimerSeq++;
  return `FEED-${kind}-${instrumentId}-${feedTimerSeq}`;
}

export class NoFeed implements MarketFeed {
  start(): void {}
  stop(): void {}
}
