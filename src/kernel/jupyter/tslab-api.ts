/**
 * What a stock tslab notebook gets from `importKeel()` (tslab-entry.cjs): the public entries in one object
 * (`keel`, `keel/sandbox` and the rest of `keel/testing`: tslab cells cannot import subpaths), the display layer (keel values render as the same HTML as in keel's own kernel, through tslab's display
 * writer) and the live views. One module, so the engine is loaded once.
 */
export * from '../../engine/index.js';
export * from '../../sandbox/index.js';
export { events, MemoryPersistence, noopLogger } from '../../engine/testing.js';
export { display, toMimeBundle, renderHtml, renderText, liveView, LiveView } from '../display/index.js';
export { createLive, liveOrders, livePositions, liveTree, liveReconciliation, liveConfigChanges, NodeLiveView } from '../live/index.js';
