import type { InstrumentProvider } from '../engine/model/instruments.js';
import type { ProtocolErrorCode } from '../engine/venue/sandbox/protocol/codes.js';

/**
 * Which market-data subscriptions the venue keeps: a topic it can publish (quotes and trades of a listed
 * instrument; bars of a well-formed bar type on a listed instrument), at most MAX_SUBSCRIPTIONS per
 * session. Anything else is refused with a code and never stored, so a client cannot grow the venue's
 * memory with made-up topics.
 */
export const MAX_SUBSCRIPTIONS = 256;
/** `{instrumentId}-{step}-{aggregation}-{price type}`, e.g. `BTCUSDT-PERP.SIM-1-MINUTE-LAST`. */
const BAR_TYPE = /^(.+)-([1-9]\d{0,5})-(MILLISECOND|SECOND|MINUTE|HOUR|DAY|WEEK|MONTH|TICK|VOLUME|VALUE)-(BID|ASK|MID|LAST)$/;

export function subscriptionRefusal(
  channel: 'quotes' | 'trades' | 'bars',
  topic: string,
  instruments: Pick<InstrumentProvider, 'find'>,
  held: number,
): { code: ProtocolErrorCode; message: string } | undefined {
  const instrumentId = channel === 'bars' ? BAR_TYPE.exec(topic)?.[1] : topic;
  if (instrumentId === undefined) {
    return { code: 'SUBSCRIPTION_TOPIC_UNKNOWN', message: `bars: expected a bar type like 'AUDUSD.SIM-1-MINUTE-LAST', received '${topic.slice(0, 200)}'` };
  }
  if (instruments.find(instrumentId) === undefined) {
    return { code: 'SUBSCRIPTION_TOPIC_UNKNOWN', message: `${channel}: expected an instrument the venue lists (login_ok.instruments), received '${instrumentId.slice(0, 200)}'` };
  }
  if (held >= MAX_SUBSCRIPTIONS) {
    return { code: 'SUBSCRIPTION_LIMIT', message: `${channel}: expected at most ${MAX_SUBSCRIPTIONS} subscriptions per connection, received one more ('${topic.slice(0, 200)}'); unsubscribe first` };
  }
  return undefined;
}
