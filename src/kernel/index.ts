/**
 * `keel/kernel`: hosting a live node. A session (shared by the REPL and the Jupyter kernel), the display
 * helpers that render any engine value as text/HTML/JSON, and promotion of a strategy to a deployable
 * node folder.
 */
export {
  createSession,
  describeStopReport,
  type CellRecord,
  type Session,
  type SessionNode,
  type SessionOptions,
  type ShutdownPolicy,
  type StopReport,
} from './session.js';
export { startKeelRepl, type KeelReplOptions } from './dot-commands/index.js';
export {
  display,
  displayBundle,
  inspectValue,
  installInspectHooks,
  LiveView,
  liveView,
  renderText,
  renderHtml,
  toMimeBundle,
  backtestCharts,
  sweepHeatMap,
  type DisplayOptions,
  type MimeBundle,
} from './display/index.js';
export { promote, type PromoteOptions, type PromoteResult } from './promote/index.js';
export { keelBinPath } from './keel-bin.js';
export { attach, type AttachOptions, type RemoteNode } from './control/attach.js';
