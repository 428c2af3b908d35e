import type { Clock } from '../core/clock.js';
import { EngineError } from '../core/errors.js';
import type { VenueConfig } from '../config/trading-node-config.js';
import type { ConnectionState, ExecutionClient, MarketDataClient } from '../execution/client.js';
import { SandboxExecutionClient } from '../venue/sandbox/execution-client.js';
import { SandboxMarketDataClient } from '../venue/sandbox/market-data-client.js';

// The node's account wiring comes through here (node.ts has a line budget).
export { AccountTracker, type AccountAnomaly } from '../execution/account-tracker.js';
export type { AccountState } from '../model/events.js';

/** One venue's clients and what the REPL's `.venue` command shows of them. */
export interface VenueClients {
  readonly venue: string;
  readonly url: string;
  readonly exec: ExecutionClient;
  readonly data: MarketDataClient & {
    readonly connectionState?: ConnectionState;
    /** Resolves when the venue has answered the subscriptions sent so far (the sandbox client has it). */
    whenSubscribed?(): Promise<void>;
  };
}

export interface VenueStatus {
  readonly venue: string;
  readonly url: string;
  readonly accountId: string;
  readonly omsType: string;
  readonly execConnection: ConnectionState;
  readonly dataConnection: ConnectionState | undefined;
}

/** Keys from the config, else from the environment variables it names (deployed nodes store no secrets). */
export function resolveKeys(v: VenueConfig, env: NodeJS.ProcessEnv = process.env): { apiKey: string; apiSecret: string } {
  const apiKey = v.apiKey ?? (v.apiKeyEnv !== undefined ? env[v.apiKeyEnv] : undefined);
  const apiSecret = v.apiSecret ?? (v.apiSecretEnv !== undefined ? env[v.apiSecretEnv] : undefined);
  if (!apiKey || !apiSecret) {
    const where = (key: string | undefined, envName: string | undefined): string => (key ? 'given' : envName ? `env ${envName} ${env[envName] ? 'set' : 'not set'}` : 'missing');
    throw new EngineError('VENUE_KEYS_MISSING', `venue ${v.venue}: expected apiKey and apiSecret (in the config or env vars named by apiKeyEnv/apiSecretEnv), received apiKey ${where(v.apiKey, v.apiKeyEnv)}, apiSecret ${where(v.apiSecret, v.apiSecretEnv)}`, {
      venue: v.venue,
    });
  }
  return { apiKey, apiSecret };
}

export function buildSandboxClients(v: VenueConfig, clock: Clock, onDataState?: (state: ConnectionState, info?: { reconnected?: boolean }) => void): VenueClients {
  const { apiKey, apiSecret } = resolveKeys(v);
  const exec = new SandboxExecutionClient({ venue: v.venue, url: v.url, apiKey, apiSecret, clock, ...(v.accountId !== undefined ? { accountId: v.accountId } : {}) });
  const data = new SandboxMarketDataClient({ venue: v.venue, url: v.url, apiKey, apiSecret, clock, ...(onDataState ? { onConnectionState: onDataState } : {}) });
  return { venue: v.venue, url: v.url, exec, data };
}

export function venueStatus(c: VenueClients): VenueStatus {
  return {
    venue: c.venue, url: c.url, accountId: c.exec.accountId, omsType: c.exec.omsType, execConnection: c.exec.connectionState,
    dataConnection: c.data.connectionState,
  };
}
