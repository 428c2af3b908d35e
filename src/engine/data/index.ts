/** Market data: loaders of the recorded files, the bar path walk, and feeds. */
export * from './bar-loader.js';
export * from './quote-loader.js';
export * from './bar-path.js';
export * from './feed.js';
export { ReplayFeed, DEFAULT_REPLAY_SPEED, type ReplayFeedOptions } from './replay-feed.js';
export { RandomWalkFeed, type RandomWalkOptions } from './random-walk-feed.js';
export { SeededRandom } from './prng.js';
export { readLines, type CsvLine } from './csv-lines.js';
export { newLoadStats, type LoadOptions, type LoadStats, type MalformedRowPolicy } from './load-options.js';
export { parseIsoSpaceTimestamp, parsePackedTimestamp } from './timestamps.js';
