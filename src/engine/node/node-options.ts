import type { Clock } from '../core/clock.js';
import type { ConfigSource } from '../config/config-change.js';
import type { Logger } from '../core/logger.js';
import type { VenueConfig } from '../config/trading-node-config.js';
import type { InstrumentProvider } from '../model/instruments.js';
import type { Persistence } from '../persistence/persistence.js';
import type { VenueClients } from './venue-clients.js';

/** What a host gives a TradingNode besides its config: the parts it injects, and its fatal-error policy. */
export interface TradingNodeOptions {
  /** Inject a clock (a TestClock in tests); default: a LiveClock owned by the node. */
  readonly clock?: Clock;
  readonly logger?: Logger;
  readonly instruments?: InstrumentProvider;
  /**
   * Told after an unexpected exception stopped the node (with `gracefulShutdownOnException: false`): the
   * host decides what the process does. `keel node run` exits with code 1; a REPL or notebook session
   * says so and lives on. The engine itself never exits the process (a node made in a cell must not
   * end the kernel it runs in); without this the node stops and logs the error.
   */
  readonly onFatal?: (error: unknown) => void;
  /** Where the node journals its state (default: from `config.persistence`); `null`: attach none (benchmarks, throwaway nodes). */
  readonly persistence?: Persistence | null;
  /** Build one venue's clients (default: the sandbox venue's ws clients). */
  readonly clientsFactory?: (venue: VenueConfig, clock: Clock) => VenueClients;
  /** Who a live config change is recorded as made by when its call names no one (a notebook session: 'notebook'). */
  readonly configSource?: ConfigSource;
  /** false: the portfolio is not updated on the quote and fill paths (the benchmark's "off" side); default true. */
  readonly portfolio?: boolean;
}
