/** keel's dot-commands for the terminal REPL, over a live session. */
export { keelCommands, RECENT_ORDERS, type CommandHooks } from './session-commands.js';
export { startKeelRepl, type KeelReplOptions } from './keel-repl.js';
export { configCommand, configTable, parseConfigValue, splitConfigArgument } from './config-command.js';
export { strategiesView, venueView, activeFaults } from './status-views.js';
export { Shown, shownText, shownView } from './shown.js';
