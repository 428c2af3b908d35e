/** keel's kernel API: a live session (shared by the REPL and the Jupyter kernel) and the display helpers. */
export {
  createSession,
  describeStopReport,
  DEFAULT_REPLAY_SPEED,
  DEMO_INSTRUMENT,
  SHUTDOWN_POLICIES,
  SessionLog,
  formatLogLine,
  type SessionLogEntry,
  type CellRecord,
  type Session,
  type SessionNode,
  type SessionOptions,
  type ShutdownPolicy,
  type StopReport,
} from './session.js';
export { sessionBanner, type BannerOptions } from './session/banner.js';
export { keelCommands, startKeelRepl, type KeelReplOptions } from './dot-commands/index.js';
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
  type DisplayOptions,
  type MimeBundle,
} from './display/index.js';
