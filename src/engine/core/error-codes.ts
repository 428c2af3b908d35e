/**
 * Every code an `EngineError` can carry, with one line saying when it is raised. `EngineError` is typed
 * over these keys, so a typo'd code fails `tsc`; `docs/errors.md` is generated from this object
 * (`npm run docs:errors`) and a test keeps the checked-in page equal to it. Codes are stable: programs
 * match on them, so rename one only with the callers and the docs in the same change.
 */
export const ERROR_CODES = {
  // core: values, time, state machines
  DECIMAL_INVALID: 'A Price, Quantity or decimal input is not a decimal number (NaN, Infinity, text, a float that cannot be exact).',
  DECIMAL_TOO_PRECISE: 'A decimal has more decimal places than the instrument or type allows.',
  DECIMAL_DIVISION_BY_ZERO: 'A decimal was divided by zero.',
  QUANTITY_NEGATIVE: 'A Quantity would be negative.',
  MONEY_INVALID: "A Money value is not of the form '<amount> <CURRENCY>'.",
  MONEY_CURRENCY_MISMATCH: 'Two Money values of different currencies were combined.',
  CLOCK_BACKWARDS: 'A TestClock was asked to move to a time before its current time.',
  TIMER_NAME_INVALID: 'A timer or time alert was given an empty name.',
  TIMER_INTERVAL_INVALID: 'A repeating timer was given an interval that is not above zero.',
  INVALID_STATE_TRANSITION:
    "A lifecycle (order, venue order, node, strategy, connection: details.machine) was asked for a move its transition table does not allow; nothing changed.",

  // model: ids, instruments, orders, positions
  ID_TAG_MISSING: "An id expected to be of the form 'NAME-TAG' (e.g. 'TRADER-001') is not.",
  ID_COUNT_INVALID: 'An id generator was asked to continue from a count that is not a non-negative integer.',
  INSTRUMENT_ID_INVALID: "An instrument id is not of the form 'SYMBOL.VENUE' (e.g. 'AUDUSD.SIM').",
  INSTRUMENT_UNKNOWN: 'An instrument id names no instrument the node or venue knows.',
  INSTRUMENT_KIND_UNKNOWN: 'An instrument file lists an instrument type keel does not model.',
  ORDER_INIT_INVALID: 'An Order was created from something other than an OrderInitialized event.',
  ORDER_EVENT_MISMATCH: 'An order event names a different order than the one it was applied to.',
  ORDER_EVENT_UNKNOWN: 'An order event has a type keel does not know.',
  ORDER_FILL_INVALID: 'A fill has a quantity that is not positive.',
  ORDER_OVERFILL: "A fill would take the order's filled quantity above its quantity.",
  ORDER_DUPLICATE_TRADE_ID: 'A fill repeats a trade id the order already has.',
  EVENT_FILL_INCOMPLETE: 'An OrderFilled could not be built: the order has no venue order id, or the fill no currency or commission.',
  POSITION_FILL_MISMATCH: "A fill for another instrument was applied to a position.",
  POSITION_DUPLICATE_TRADE_ID: 'A fill repeats a trade id the position already has.',
  POSITION_FLIP_SPLIT_INVALID: "A position flip was split at a closing quantity not strictly between 0 and the fill's quantity.",

  // bus and cache
  BUS_ENDPOINT_TAKEN: 'A message bus endpoint was registered twice.',
  BUS_ENDPOINT_UNKNOWN: 'A message was sent to a bus endpoint nobody registered.',
  CACHE_ORDER_EXISTS: 'An order was added to the cache under a client order id it already holds.',
  CACHE_ORDER_LIST_EXISTS: 'An order list was added to the cache under an id it already holds.',
  CACHE_ORDER_UNKNOWN: 'The cache was asked to update an order it does not hold.',
  CACHE_POSITION_EXISTS: 'A position was added to the cache under an id it already holds.',

  // execution
  ORDER_EXISTS: 'An OrderInitialized names a client order id the cache already holds.',
  ORDER_UNKNOWN: 'A command or event names a client order id the cache does not hold.',
  TRADING_HALTED: 'A new order was denied because the node is HALTED (node.halt); cancels and modifies still go out.',
  TRADING_REDUCING: 'A new order was denied because the node is REDUCING (node.reduceOnly) and the order would not reduce the net position.',
  ORDER_TREE_NOT_FOUND: 'node.orderTree was given an id that is neither a cached order list nor a cached order.',
  EXEC_CLIENT_EXISTS: 'A second execution client was added for a venue that already has one.',
  CLIENT_DUPLICATE: 'A second execution client was registered with the live engine for the same venue.',
  EXEC_UNEXPECTED: 'Something other than an EngineError was thrown while applying an event (a bug; the message has the cause).',
  ENGINE_DISPOSED: 'The live execution engine was called after dispose().',
  QSIZE_INVALID: 'A queue capacity (qsize) is not a positive integer.',
  QSIZE_BELOW_QUEUED: 'A live qsize change asked for a capacity below the number of messages queued now.',
  VENUE_EVENT_CONTRADICTS_ORDER: 'A venue event contradicts the order it names (instrument, side, venue order id, quantity); refused before it changed anything.',
  VENUE_EVENT_CANCEL_UNCONFIRMED: 'A cancel nobody asked for arrived for an order that may still be working; it waits for the venue\'s word.',
  RECONCILIATION_FAILED: 'Start-up reconciliation failed, so the node did not start its strategies.',
  RECONCILIATION_ERROR: 'Reconciliation threw something other than an EngineError (the message has the cause).',
  RECONCILIATION_TIMEOUT: 'Reconciliation did not finish within timeouts.reconciliationSecs.',
  MASS_STATUS_TIMEOUT: 'A venue did not answer a mass status request in time.',
  QUOTE_SNAPSHOT_TIMEOUT: 'Quote snapshots did not arrive in time before reconciliation (it plans without them).',
  VENUE_QUERY_FAILED: 'A venue query failed with something other than an EngineError (the message has the cause).',
  VENUE_QUERY_TIMEOUT: 'A venue did not answer a query (order status, fills, open orders) in time.',

  // strategies and config
  STRATEGY_UNNAMED: 'A strategy of an anonymous class was created without a strategyId.',
  STRATEGY_TAG_MISSING: 'A strategy was registered before the node assigned it an orderIdTag.',
  STRATEGY_ALREADY_REGISTERED: 'A strategy was registered twice, or its tag changed after registering.',
  STRATEGY_NOT_REGISTERED: 'A strategy was used (orders, clock, cache) before being added to a node.',
  STRATEGY_ALREADY_ADDED: 'The same strategy object was added to a node twice.',
  STRATEGY_DUPLICATE_ID: 'A strategy id is already taken on the node.',
  STRATEGY_DUPLICATE_TAG: 'An orderIdTag is already used by another strategy of the node.',
  STRATEGY_HAS_OPEN_ORDERS: 'removeStrategy was called on a strategy with open orders (pass { cancelOrders: true }).',
  ORDER_NOT_OWNED: "A strategy was asked to act on another strategy's order.",
  ORDER_ALREADY_SUBMITTED: 'An order that is not INITIALIZED, or was already submitted, was submitted again.',
  ORDER_ARGS_INVALID: 'Order factory arguments are missing what the order type needs (price, trigger, expire time) or have a non-positive quantity.',
  CLAIM_DUPLICATE: "An instrument's external orders were claimed by a second strategy.",
  CONFIG_INVALID: 'A config (node, exec engine, risk engine, strategy, node.json) failed validation; the message lists every problem.',
  CONFIG_CHANGE_REFUSED: 'A live config change touched a key that cannot change while the component exists.',
  CONFIG_CHANGE_UNKNOWN: 'node.revert was given an id that is not in node.configChanges.',
  CONFIG_REVERT_REFUSED: 'A revert cannot apply: its target is gone or a later change touched the same keys.',
  RATE_INVALID: "A rate is not of the form 'N/HH:MM:SS' (e.g. '100/00:00:01').",

  // node
  NODE_DISPOSED: 'The node was called after dispose().',
  NODE_START_FAILED: 'node.start could not connect every venue.',
  CONNECT_FAILED: 'Connecting the venues failed with something other than an EngineError (the message has the cause).',
  CONNECT_TIMEOUT: 'The venues did not connect within timeouts.connectionSecs.',
  DISCONNECT_TIMEOUT: 'The venues did not disconnect in time while stopping.',
  STOP_TIMEOUT: 'The queues did not drain in time while stopping.',
  SHUTDOWN_TIMEOUT: 'Orders did not close in time during the shutdown sweep.',
  SUBSCRIBE_TIMEOUT: 'Market data subscriptions were not answered in time.',
  VENUE_KEYS_MISSING: 'A venue config has no apiKey/apiSecret, in the config or in the env vars it names.',

  // venue adapter (keel's client for the sandbox venue)
  VENUE_CONNECT_FAILED: 'The venue WebSocket could not be opened.',
  VENUE_CONNECT_TIMEOUT: 'The venue WebSocket did not open in time.',
  VENUE_LOGIN_FAILED: 'The venue refused the login (details.venueCode has its reason).',
  VENUE_ACCOUNT_MISMATCH: 'The venue logged in to a different account than the config names.',
  VENUE_NOT_CONNECTED: 'A venue request was made while the session is not CONNECTED.',
  VENUE_DISCONNECTED: 'The venue connection closed before a request was answered.',
  VENUE_REQUEST_FAILED: 'The venue answered a request with an error frame (details has its code).',
  VENUE_PAGE_INVALID: 'A paged venue answer contained a page for another account.',
  REPORT_QUERY_INVALID: 'An order status report was asked for without a client or venue order id.',

  // the sandbox venue (its controls and admin client)
  VENUE_OPTIONS_INVALID: 'SandboxVenue.start was given invalid options.',
  VENUE_CONTROL_INVALID: 'A venue.controls call was given invalid input.',
  VENUE_ORDER_DUPLICATE: 'seedOrder was given a venue order id the venue already holds.',
  VENUE_ACCOUNT_UNKNOWN: 'A venue control named an account the venue does not have.',
  VENUE_ADMIN_DISCONNECTED: 'The admin connection closed before the venue answered.',
  VENUE_ADMIN_REFUSED: 'The admin client logged in with a key that is not the admin key.',

  // sandbox venue protocol codes the admin client passes on as they are (docs/venue-protocol.md)
  FRAME_NOT_JSON: 'Venue protocol: a frame was not JSON.',
  FRAME_UNKNOWN_TYPE: 'Venue protocol: a frame had a type the venue does not know.',
  FRAME_INVALID: 'Venue protocol: a frame did not match its schema.',
  FRAME_TOO_LARGE: 'Venue protocol: a frame exceeded the size limit.',
  FRAME_NOT_TEXT: 'Venue protocol: a binary frame was sent.',
  NOT_LOGGED_IN: 'Venue protocol: a request came before login.',
  ALREADY_LOGGED_IN: 'Venue protocol: a second login on one session.',
  LOGIN_UNKNOWN_KEY: 'Venue protocol: the login key is unknown.',
  LOGIN_BAD_SIGNATURE: 'Venue protocol: the login signature does not verify.',
  LOGIN_STALE_TIMESTAMP: 'Venue protocol: the login timestamp is too old or too far ahead.',
  LOGIN_NONCE_REUSED: 'Venue protocol: the login nonce was used before.',
  LOGIN_TIMEOUT: 'Venue protocol: no login arrived in time.',
  LOGIN_THROTTLED: 'Venue protocol: too many failed logins.',
  NOT_ADMIN: 'Venue protocol: a control came from a session not logged in with the admin key.',
  ADMIN_NOT_TRADING: 'Venue protocol: the admin session sent a trading frame.',
  CONTROL_FAILED: 'Venue protocol: a control was refused (the message says why).',
  CURSOR_INVALID: 'Venue protocol: a paging cursor is unknown or expired.',
  ANSWER_TOO_LARGE: 'Venue protocol: the answer would exceed the frame size limit.',
  SUBSCRIPTION_TOPIC_UNKNOWN: 'Venue protocol: a subscription named an unknown topic.',
  SUBSCRIPTION_LIMIT: 'Venue protocol: too many subscriptions on one session.',
  INTERNAL_ERROR: 'Venue protocol: the venue failed handling the request (a venue bug).',

  // control endpoint of a deployed node (`keel attach`, `attach(url)`; docs/control-protocol.md)
  CONTROL_AUTH_FAILED: "Control endpoint: a login was refused (unknown key id, bad or missing signature, stale timestamp, nonce used before); counted, nothing changed.",
  CONTROL_NOT_LOGGED_IN: 'Control endpoint: a command came before a successful login; counted, nothing changed.',
  CONTROL_FORBIDDEN: 'Control endpoint: the read-only key sent a command that changes the node (only snapshot and subscribe are allowed).',
  CONTROL_FRAME_INVALID: 'Control endpoint: a frame is not JSON or not one of the protocol\'s frames (the message names the problem).',
  CONTROL_UNREACHABLE: 'attach: the control endpoint could not be reached, or the connection closed while a command waited.',
  CONTROL_KEY_MISSING: "A node.json enables its control endpoint but the environment variable holding the key's secret is unset.",
  ATTACH_UNSUPPORTED: 'An attached (remote) node was asked for something the control protocol does not carry yet.',

  // market data
  DATA_FILE_UNREADABLE: 'A data file could not be read.',
  DATA_HEADER_MALFORMED: 'A data file does not start with the expected CSV header.',
  DATA_ROW_MALFORMED: 'A data file row does not parse (the message names the file, line and field).',
  FEED_CONFIG_INVALID: 'A feed config (kind, source, speed) is invalid.',
  FEED_SOURCE_UNKNOWN: 'A replay source is neither a known data set nor a CSV keel can read.',
  FEED_SOURCE_EMPTY: 'A replay source has no rows.',
  PROJECT_ROOT_NOT_FOUND: "No package.json named keel was found above the starting folder.",

  // persistence
  PERSISTENCE_CLOSED: 'Records were appended to a closed persistence.',
  JOURNAL_DIR_UNUSABLE: 'The journal folder cannot be created or written.',
  JOURNAL_UNWRITABLE: 'The journal failed to write a batch (disk full, permissions); new orders are refused until it can.',
  REDIS_UNREACHABLE: 'The Redis server of a redis persistence did not answer at start (the message names the URL).',
  REDIS_UNWRITABLE: 'The Redis connection of a running node is down or a write failed; records buffer and new orders are refused until it writes again.',
  JOURNAL_ENCODE_AMBIGUOUS: 'A value to journal has a plain object whose single key is reserved for exact values.',
  JOURNAL_RECORD_UNREADABLE: 'A journal record cannot be decoded by this version.',
  JOURNAL_SNAPSHOT_VERSION: 'A journal snapshot has a version this keel does not read.',
  JOURNAL_NOT_FOUND: 'openJournal was given a folder that does not exist.',
  JOURNAL_NOT_CONFIGURED: "recover was run on a node whose persistence is not 'journal'.",
  JOURNAL_NOT_DAMAGED: 'recover was run on an intact journal (nothing to recover).',
  JOURNAL_CORRUPT: 'A journal segment has a bad record where only intact ones may be (keel node recover DIR).',
  JOURNAL_TRUNCATED: 'A journal segment is shorter than what was acknowledged (keel node recover DIR).',
  JOURNAL_SEGMENT_MISSING: 'A journal segment between the snapshot and the newest is missing (keel node recover DIR).',
  JOURNAL_SNAPSHOT_MISSING: 'The journal snapshot the head points at is missing or older (keel node recover DIR).',
  JOURNAL_SNAPSHOT_CORRUPT: 'The journal snapshot is damaged (keel node recover DIR).',
  JOURNAL_HEAD_MISSING: 'The journal head file is missing (keel node recover DIR).',
  JOURNAL_HEAD_CORRUPT: 'The journal head file is damaged (keel node recover DIR).',

  // kernel: sessions, cells, commands, promote, Jupyter
  SESSION_OPTIONS_INVALID: 'createSession was given an unknown shutdownPolicy.',
  EVAL_SYNTAX_ERROR: 'A cell is not valid TypeScript (the message has the cell, line and column).',
  EVAL_INTERRUPTED: 'A cell was interrupted (abort signal or SIGINT) before it finished.',
  SESSION_EXITING: 'process.exit was called in a cell: the session stops its nodes by their shutdown policies, then exits.',
  SESSION_STOP_POLICY_WEAKER: "A session stop asked for a weaker shutdown policy than the node's configured one.",
  COMMAND_ARGUMENT_INVALID: 'A REPL dot-command was given an argument it cannot use.',
  WAIT_INTERRUPTED: 'Waiting for a node result was interrupted; the work goes on in the node.',
  NODE_FOLDER_INVALID: 'A node folder has no node.json.',
  PROMOTE_NOT_A_STRATEGY: 'promote was given something that is not a Strategy instance.',
  PROMOTE_DIR_NOT_EMPTY: 'promote was pointed at a non-empty folder without { overwrite: true }.',
  PROMOTE_VENUE_MISSING: 'promote has no venue URL (options.venue or the session venue).',
  PROMOTE_SOURCE_UNKNOWN: 'promote found no class declaration of the strategy in the session cells.',
  PROMOTE_SOURCE_INVALID: "The strategy's collected source does not parse.",
  PROMOTE_NOTEBOOK_STATE: 'The strategy uses a name that only exists in this session.',
  PROMOTE_SECRET_IN_SOURCE: 'The strategy source holds what looks like a credential (keys come from the environment).',
  KERNEL_CONNECTION_FILE_UNREADABLE: 'The Jupyter connection file cannot be read as JSON.',
  KERNEL_CONNECTION_FILE_INVALID: 'The Jupyter connection file lacks ip, ports, key or the hmac-sha256 scheme.',
} as const satisfies Record<string, string>;

export type ErrorCode = keyof typeof ERROR_CODES;

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERROR_CODES, value);
}
