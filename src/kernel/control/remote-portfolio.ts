/**
 * `node.portfolio` of a node in another process: the same reads as the engine's portfolio (PortfolioView),
 * answered from the latest summary the node streamed (control protocol `portfolio` events, a few a second
 * at most; docs/control-protocol.md). Synchronous, like the rest of the mirror.
 */
import { Decimal, Money, Price, type Portfolios } from '../../engine/index.js';

type Summary = Portfolios.PortfolioSummary;
type Instrument = Portfolios.InstrumentPortfolio;

const EMPTY: Summary = { kind: 'PortfolioSummary', instruments: [], currencies: [], tsEvent: 0n };

export class RemotePortfolio implements Portfolios.PortfolioView {
  private latest: Summary = EMPTY;

  /** Replace the figures with the node's newest summary. */
  update(summary: Summary): void {
    this.latest = summary;
  }

  summary(): Summary {
    return this.latest;
  }

  private of(instrumentId: string): Instrument | undefined {
    return this.latest.instruments.find((i) => i.instrumentId === instrumentId);
  }

  netPosition(instrumentId: string): Decimal {
    return Decimal.from(this.of(instrumentId)?.netQty ?? '0');
  }
  avgPx(instrumentId: string): Price | undefined {
    const px = this.of(instrumentId)?.avgPx;
    return px ? Price.from(px) : undefined;
  }
  realizedPnl(instrumentId: string): Money | undefined {
    return money(this.of(instrumentId)?.realizedPnl);
  }
  unrealizedPnl(instrumentId: string): Money | undefined {
    return money(this.of(instrumentId)?.unrealizedPnl);
  }
  totalPnl(instrumentId: string): Money | undefined {
    return money(this.of(instrumentId)?.totalPnl);
  }
  exposure(instrumentId: string): Money | undefined {
    return money(this.of(instrumentId)?.exposure);
  }
  isFlat(instrumentId: string): boolean {
    return this.netPosition(instrumentId).isZero();
  }
  isNetLong(instrumentId: string): boolean {
    return this.netPosition(instrumentId).isPositive();
  }
  isNetShort(instrumentId: string): boolean {
    return this.netPosition(instrumentId).isNegative();
  }
  dayPnl(currency: string): Money {
    return money(this.latest.currencies.find((c) => c.currency === currency)?.dayPnl) ?? Money.from('0', currency);
  }
  equity(currency: string): Money | undefined {
    return money(this.latest.currencies.find((c) => c.currency === currency)?.equity);
  }
  marginUsed(currency: string): Money | undefined {
    return money(this.latest.currencies.find((c) => c.currency === currency)?.marginUsed);
  }
}

function money(text: string | null | undefined): Money | undefined {
  return text ? Money.parse(text) : undefined;
}
