import { TradingNodeConfigSchema } from '../../engine/index.js';
import { parseConfig } from '../../engine/config/index.js';
import type { TradingNodeConfig } from '../../engine/index.js';

/** What promote reads of the live node (a `TradingNode` has it; stated structurally for stubs). */
export interface PromotableNode {
  readonly config?: Partial<TradingNodeConfig> & Readonly<Record<string, unknown>>;
  readonly execEngine: { readonly config: Readonly<Record<string, unknown>> };
  readonly riskEngine?: { readonly config: Readonly<Record<string, unknown>> };
  readonly traderId?: string;
}

export interface PromotableStrategy {
  readonly id: string;
  /** Set by a strategy that runs in another process (its handle has no class of its own). */
  readonly className?: string;
  readonly config: Readonly<Record<string, unknown>>;
  readonly constructor: { readonly name: string };
}

export interface NodeJsonInput {
  readonly node: PromotableNode;
  readonly strategy: PromotableStrategy;
  readonly className: string;
  readonly venue: string;
  readonly url: string;
  readonly apiKeyEnv: string;
  readonly apiSecretEnv: string;
}

/** Env var names for a venue's keys: `KEEL_SIM_API_KEY` / `KEEL_SIM_API_SECRET`. */
export function keyEnvNames(venue: string): { apiKeyEnv: string; apiSecretEnv: string } {
  const v = venue.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
  return { apiKeyEnv: `KEEL_${v}_API_KEY`, apiSecretEnv: `KEEL_${v}_API_SECRET` };
}

/**
 * The node.json of a promoted strategy: the live exec/risk engine config and the strategy's live config
 * (with its order id tag, so the deployed node's client order ids continue the same strategy id), the
 * venue URL, keys by environment variable name only, a journal in the folder. Validated with the same
 * zod schema `keel node run` uses, so a folder promote writes always loads.
 */
export function buildNodeJson(input: NodeJsonInput): TradingNodeConfig {
  const { node, strategy } = input;
  const base = node.config ?? {};
  const config = {
    traderId: base.traderId ?? node.traderId ?? 'TRADER-001',
    execEngine: plain(node.execEngine.config),
    ...(node.riskEngine ? { riskEngine: plain(node.riskEngine.config) } : base.riskEngine ? { riskEngine: plain(base.riskEngine) } : {}),
    venues: [{ venue: input.venue, url: input.url, apiKeyEnv: input.apiKeyEnv, apiSecretEnv: input.apiSecretEnv }],
    strategies: [{ module: './strategy.ts', className: input.className, config: plain(strategy.config) }],
    persistence: { kind: 'journal', dir: 'journal' },
    ...(base.timeouts ? { timeouts: plain(base.timeouts) } : {}),
    ...(base.shutdownPolicy ? { shutdownPolicy: base.shutdownPolicy } : {}),
  };
  return parseConfig(TradingNodeConfigSchema, config, 'node.json');
}

/** JSON-able copy: decimals print as their exact strings, bigints as strings, undefined dropped. */
function plain(value: unknown): never {
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))) as never;
}
