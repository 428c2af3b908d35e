import { Decimal, type Price } from '../core/decimal.js';
import type { AccountState, OrderInitialized } from '../model/events.js';
import type { Instrument } from '../model/instruments.js';

/**
 * keel's own free balance / free margin check, on its latest AccountState of the venue (the venue checks
 * again: keel's view may be stale). The cost rules are the sandbox venue's (src/sandbox/account-funds.ts):
 * only the part of an order that increases the position costs anything; MARGIN: notional / leverage +
 * taker fee; CASH: notional + taker fee (a spot SELL: the base asset it sells). No account state yet, or
 * no price known: the check cannot be made and passes.
 */
export function checkFunds(init: OrderInitialized, instrument: Instrument, account: AccountState | undefined, price: Price | undefined, net: Decimal | undefined): string | undefined {
  if (account === undefined || price === undefined || init.reduceOnly) return undefined;
  const position = net ?? Decimal.zero();
  const reducible = init.side === 'BUY' ? (position.isNegative() ? position.abs() : Decimal.zero()) : (position.isPositive() ? position : Decimal.zero());
  const increasing = Decimal.from(init.quantity).sub(reducible);
  if (!increasing.isPositive()) return undefined;
  const spot = instrument.kind === 'CurrencyPair';
  const margin = account.accountType === 'MARGIN';
  let currency = instrument.quoteCurrency;
  let need: Decimal;
  if (!margin && spot && init.side === 'SELL') {
    currency = instrument.baseCurrency;
    need = increasing;
  } else {
    const notional = increasing.mul(price);
    const leverage = margin ? (account.margins.find((m) => m.instrumentId === instrument.id)?.leverage ?? account.leverage) : Decimal.from(1);
    need = notional.div(leverage, 8).add(notional.mul(instrument.takerFee));
  }
  const free = account.balances.find((b) => b.currency === currency)?.free ?? Decimal.zero();
  if (need.lte(free)) return undefined;
  const code = margin ? 'INSUFFICIENT_MARGIN' : 'INSUFFICIENT_BALANCE';
  return `${code}: needed ${plain(need)} ${currency}, free ${plain(free)} ${currency} (expected the ${margin ? 'free margin' : 'free balance'} of ${account.accountId} at ${account.venue} ` +
    `to cover ${init.side} ${init.quantity.toString()} ${init.instrumentId} @ ${price.toString()})`;
}

function plain(d: Decimal): string {
  const t = d.toString();
  return t.includes('.') ? t.replace(/\.?0+$/, '') : t;
}
