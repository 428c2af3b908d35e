/**
 * `util.inspect` integration for the REPL: keel classes render as their views. At the top level a value
 * shows its full view (a table for an order's details); nested inside an array or object it shows one
 * line, because multi-line views inside brackets are unreadable. Arrays of orders are plain arrays, so
 * the REPL's writer (`inspectValue`) is what turns `node.cache.orders()` into one table.
 */
import { inspect, type InspectOptions } from 'node:util';
import { text } from './format.js';
import { renderText } from './render-text.js';

type Inspector = (value: unknown, options?: InspectOptions) => string;

/** One-line summary used when a keel value is nested inside another value. */
export function summaryLine(value: unknown): string | undefined {
  const v = value as Record<string, unknown>;
  if (typeof value !== 'object' || value === null) return undefined;
  switch (v.kind) {
    case 'Order': {
      const px = v.price !== undefined && v.price !== null ? ` @ ${text(v.price)}` : '';
      return `Order(${text(v.clientOrderId)} ${text(v.side)} ${text(v.quantity)} ${text(v.instrumentId)} ${text(v.type)}${px} ${text(v.status)})`;
    }
    case 'Position':
      return `Position(${text(v.id)} ${text(v.side)} ${text(v.quantity)} ${text(v.instrumentId)})`;
    default:
      return undefined;
  }
}

/**
 * Set `[util.inspect.custom]` on the prototypes of the given keel classes (e.g. Order, Position).
 * Idempotent; returns a function that removes the hooks again.
 */
export function installInspectHooks(classes: readonly { readonly prototype: object }[]): () => void {
  const installed: object[] = [];
  for (const cls of classes) {
    const proto = cls.prototype as Record<symbol, unknown>;
    if (Object.prototype.hasOwnProperty.call(proto, inspect.custom)) continue;
    Object.defineProperty(proto, inspect.custom, {
      configurable: true,
      writable: true,
      value: function keelInspect(this: unknown, depth: number | null, options: InspectOptions, inspector?: Inspector): string {
        // Node passes depth = options.depth at the top level and less when nested.
        const nested = depth !== null && options.depth !== null && options.depth !== undefined && depth < options.depth;
        const out = nested ? summaryLine(this) : renderText(this, { colors: options.colors === true });
        return out ?? (inspector ?? inspect)(this, { ...options, customInspect: false });
      },
    });
    installed.push(proto);
  }
  return () => {
    for (const proto of installed) delete (proto as Record<symbol, unknown>)[inspect.custom];
  };
}

/** The REPL writer: keel values (arrays included) as their views, anything else as `util.inspect`. */
export function inspectValue(value: unknown, options: { readonly colors?: boolean } = {}): string {
  const colors = options.colors === true;
  return renderText(value, { colors }) ?? inspect(value, { colors });
}
