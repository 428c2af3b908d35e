/**
 * The example strategy the session puts in scope (EMA cross with brackets on BTCUSDT-PERP.SIM bars),
 * found among the engine's public exports.
 */
export interface DemoStrategy {
  /** The name it has in scope, e.g. `EmaCrossBracket`. */
  readonly name: string;
  readonly cls: unknown;
}

/** Export names the example may have, most specific first. */
const CANDIDATES = ['EmaCrossBracket', 'EmaCrossBrackets', 'EMACrossBracket', 'EmaCross', 'EMACross', 'DemoStrategy'];

export function findDemoStrategy(engine: Readonly<Record<string, unknown>>): DemoStrategy | undefined {
  for (const name of CANDIDATES) {
    if (typeof engine[name] === 'function') return { name, cls: engine[name] };
  }
  return undefined;
}
