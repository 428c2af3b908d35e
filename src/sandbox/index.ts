/**
 * `keel/sandbox`: the simulated exchange (the one `keel venue` runs), the admin client that drives it from
 * another process, what its controls take, and the market-data feeds and CSV loaders it replays.
 */
export { SandboxVenue } from './sandbox-venue.js';
export type { SandboxVenueOptions } from './sandbox-venue.js';
export { VenueAdminClient } from './venue-admin-client.js';
export type { SeedOrderInput, SeedPositionInput, QuoteInput, ExternalOrderInput } from './venue-controls.js';
export type { Fault as VenueFault } from './venue-faults.js';
// keel's client for this venue, as a type: what `node.execEngine.client('SIM')` is (its read-pause count).
export type { SandboxExecutionClient } from '../engine/venue/sandbox/execution-client.js';
export { createFeed, feedConfigSchema, parseFeedConfig } from '../engine/data/feed.js';
export type { FeedConfig, MarketFeed } from '../engine/data/feed.js';
export { ReplayFeed } from '../engine/data/replay-feed.js';
export { RandomWalkFeed } from '../engine/data/random-walk-feed.js';
export { readBarsCsv, loadBarsCsv, loadBtcPerpBars, btcPerpBarsPath } from '../engine/data/bar-loader.js';
export type { BarLoadOptions } from '../engine/data/bar-loader.js';
export { readQuotesCsv, loadQuotesCsv, loadEurUsdQuotes, eurUsdQuotesPath } from '../engine/data/quote-loader.js';
export type { QuoteLoadOptions } from '../engine/data/quote-loader.js';
export type { LoadOptions, LoadStats } from '../engine/data/load-options.js';
export { loadInstrumentsFile, sharedDataDir } from '../engine/data/instrument-file.js';
export { BUILTIN_INSTRUMENTS } from '../engine/model/instruments.js';
