/** keel's client for the sandbox venue. */
export { SandboxExecutionClient, type SandboxExecutionClientOptions } from './execution-client.js';
export { SandboxMarketDataClient, type SandboxMarketDataClientOptions } from './market-data-client.js';
export { VenueConnection, type VenueConnectionOptions, type ReconnectOptions, type LoginOk } from './venue-connection.js';
export { nextConnectionState } from './connection-state.js';
export * from './translate.js';
