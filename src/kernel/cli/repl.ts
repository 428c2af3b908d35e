/**
 * `keel repl` (and a bare `keel`, i.e. `npm start`): a live session on an embedded sandbox venue, in the
 * terminal REPL with keel's dot-commands.
 *   keel repl [--speed N] [--policy leave|cancel|flatten] [--history FILE | --no-history] [--inline]
 * KEEL_REPL_HISTORY sets the history file too (default ~/.keel_repl_history).
 */
import { Order, Position, isEngineError } from '../../engine/index.js';
import { installInspectHooks } from '../display/index.js';
import { startKeelRepl } from '../dot-commands/index.js';
import { createSession, DEFAULT_REPLAY_SPEED, SHUTDOWN_POLICIES, type ShutdownPolicy } from '../session.js';
import { sessionBanner } from '../session/banner.js';
import { parseCliArgs } from './cli-args.js';
import type { CliCommand } from './types.js';

/** If something still holds the loop once the session is stopped, leave anyway after this long. */
const EXIT_GRACE_MS = 1000;

export const replCommand: CliCommand = {
  summary: 'the terminal REPL on a live node and an embedded sandbox venue (the default command)',
  usage: [
    'usage: keel repl [--speed N] [--policy leave|cancel|flatten] [--history FILE | --no-history] [--inline]',
    '',
    'A live session: an embedded sandbox venue replaying the recorded BTC perpetual bars, a TradingNode',
    'connected and reconciled, and a TypeScript REPL with node, venue, keel and EmaCrossBracket in scope.',
    '',
    '  --speed N        replay speed of the recorded bars (default 60: one bar a second)',
    '  --policy P       what .exit does to working orders: leave, cancel (default) or flatten',
    '  --history FILE   the REPL history file (default ~/.keel_repl_history, or KEEL_REPL_HISTORY)',
    '  --no-history     keep no history file',
    '  --inline         run the node in this process, beside the cells (a busy cell then delays its acks',
    '                   and checks); by default it runs in its own process and cancels its orders if this',
    '                   process dies, unless session.detach() was called',
  ].join('\n'),
  async run(args) {
    const { values } = parseCliArgs('keel repl', args, {
      speed: { type: 'string' },
      policy: { type: 'string' },
      history: { type: 'string' },
      'no-history': { type: 'boolean', default: false },
      inline: { type: 'boolean', default: false },
      // The default since isolation became it; still accepted so older command lines work.
      isolated: { type: 'boolean', default: false },
    });
    const speed = values.speed === undefined ? DEFAULT_REPLAY_SPEED : Number(values.speed);
    if (!(Number.isFinite(speed) && speed > 0)) {
      console.error(`keel repl: --speed expected a positive number, received ${values.speed}`);
      return 2;
    }
    const policy = (values.policy ?? 'cancel') as ShutdownPolicy;
    if (!SHUTDOWN_POLICIES.includes(policy)) {
      console.error(`keel repl: --policy expected one of ${SHUTDOWN_POLICIES.join(', ')}, received ${values.policy}`);
      return 2;
    }
    const historyFile = values['no-history'] ? null : values.history ?? process.env['KEEL_REPL_HISTORY'];

    let session;
    try {
      session = await createSession({ replaySpeed: speed, shutdownPolicy: policy, configSource: 'repl', isolation: values.inline ? 'inline' : 'process' });
    } catch (e) {
      console.error(`keel repl: could not start the session: ${isEngineError(e) ? `${e.code}: ${e.message}` : (e as Error).message}`);
      return 1;
    }
    installInspectHooks([Order, Position]);
    const colors = process.stdout.isTTY === true && !process.env['NO_COLOR'];
    process.stdout.write(sessionBanner(session, { colors, replaySpeed: speed, readyMs: performance.now() }));
    const handle = startKeelRepl(session, { guardExit: true, ...(historyFile !== undefined ? { historyFile } : {}) });
    await handle.closed;
    setTimeout(() => process.exit(0), EXIT_GRACE_MS).unref();
    return 0;
  },
};
