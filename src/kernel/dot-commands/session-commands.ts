/**
 * The keel dot-commands over a live session: `.orders`, `.positions`, `.recon`, `.tree`, `.config`,
 * `.strategies`, `.venue`, `.chart`, `.equity`, `.portfolio`, `.risk`, `.account`, `.backtest` (`.help` and `.exit` come with the REPL shell).
 */
import { EngineError, type ReconciliationResult } from '../../engine/index.js';
import type { ReplCommand } from '../repl/index.js';
import type { Session } from '../session.js';
import { strategiesOf } from '../session/live-node.js';
import { backtestCommand } from './backtest-command.js';
import { configCommand } from './config-command.js';
import { tradingStateCommands } from './trading-state-commands.js';
import { chartCommands } from './chart-commands.js';
import { moneyCommands } from './money-commands.js';
import { renderText } from '../display/index.js';
import { noteView, Shown, shownView, terminalWidth } from './shown.js';

/** `.orders` shows this many of the newest orders: a demo that has run a while has hundreds. */
export const RECENT_ORDERS = 20;
import { logView, strategiesView, venueView } from './status-views.js';

export interface CommandHooks {
  /** Calls `listener` on Ctrl-C while a command waits; returns the undo. */
  onInterrupt?(listener: () => void): () => void;
}

export function keelCommands(session: Session, hooks: CommandHooks = {}): ReplCommand[] {
  const { node } = session;
  return [
    {
      name: 'orders',
      help: `The latest ${RECENT_ORDERS} orders, oldest first (.orders open | .orders all)`,
      action(arg: string) {
        const which = arg.trim();
        const orders = node.cache.orders(which === 'open' ? { open: true } : {});
        if (orders.length === 0) return shownView(noteView('Orders', 'Orders', which === 'open' ? 'no open orders' : 'no orders yet'));
        if (which !== '' || orders.length <= RECENT_ORDERS) return orders;
        const recent = orders.slice(-RECENT_ORDERS);
        const note = `… ${orders.length - RECENT_ORDERS} older orders not shown (.orders all)`;
        return new Shown((colors) => `${colors ? `\x1b[90m${note}\x1b[39m` : note}\n${renderText(recent, { colors, width: terminalWidth() }) ?? ''}`);
      },
      complete: () => ['open', 'all'],
    },
    {
      name: 'positions',
      help: 'Positions in the cache (.positions open: only open ones)',
      action(arg: string) {
        const open = arg.trim() === 'open';
        const positions = node.cache.positions(open ? { open: true } : {});
        return positions.length > 0 ? positions : shownView(noteView('Positions', 'Positions', open ? 'no open positions' : 'no positions yet'));
      },
      complete: () => ['open'],
    },
    {
      name: 'recon',
      help: 'Run reconciliation with the venue now and show the result (.recon last: the latest one; .recon all: matched rows too)',
      async action(arg: string) {
        const words = arg.trim().split(/\s+/).filter(Boolean);
        const unknown = words.filter((w) => w !== 'last' && w !== 'all');
        if (unknown.length > 0) return shownView(noteView('Reconciliation', '.recon', `expected 'last' and/or 'all', received '${unknown.join(' ')}'`));
        const expand = words.includes('all');
        const show = (r: ReconciliationResult) => (expand ? new Shown((colors) => renderText(r, { colors, expand: true, width: terminalWidth() }) ?? '') : r);
        if (words.includes('last')) return node.lastReconciliation ? show(node.lastReconciliation) : shownView(noteView('Reconciliation', 'Reconciliation', 'none run yet'));
        const result = await interruptible(Promise.resolve(node.reconcile()), hooks, 'reconciliation', 'node.lastReconciliation');
        return show(result);
      },
      complete: () => ['last', 'all'],
    },
    {
      name: 'tree',
      help: "Show a contingent order tree: .tree <orderListId | clientOrderId>",
      action(arg: string) {
        const id = arg.trim();
        if (id === '') {
          const lists = listIds(session);
          return shownView(noteView('OrderTree', 'Usage: .tree <id>', lists.length > 0 ? `order lists: ${lists.join(', ')}` : 'no order lists yet'));
        }
        return node.orderTree(id);
      },
      complete: () => [...listIds(session), ...node.cache.orders().filter((o) => o.orderListId).map((o) => o.clientOrderId)],
    },
    configCommand(node),
    ...tradingStateCommands(node),
    ...moneyCommands(node),
    ...chartCommands(node, session.live),
    {
      name: 'strategies',
      help: 'Strategies on the node: id, state, OMS type',
      action: () => shownView(strategiesView(strategiesOf(node))),
    },
    {
      name: 'log',
      help: 'The node log kept by the session: .log [n] (latest n entries, default 20)',
      action(arg: string) {
        const n = Number(arg.trim() || '20');
        if (!Number.isInteger(n) || n <= 0) throw new EngineError('COMMAND_ARGUMENT_INVALID', `.log: expected a positive whole number of entries, received '${arg.trim()}'`, { received: arg.trim() });
        return shownView(logView(session.log.entries.slice(-n), session.log.entries.length));
      },
    },
    backtestCommand(session, hooks.onInterrupt?.bind(hooks)),
    {
      name: 'venue',
      help: 'The venue: URL, connections, faults in force',
      action: () => shownView(venueView(session)),
    },
  ];
}

function listIds(session: Session): string[] {
  const ids = session.node.cache.orders().map((o) => o.orderListId).filter((id): id is string => typeof id === 'string' && id !== '');
  return [...new Set(ids)];
}

/**
 * A command waiting on the node (reconciliation against a silent venue waits for its timeout) can be
 * left with Ctrl-C: the work goes on in the node, only the REPL stops waiting.
 */
async function interruptible<T>(work: Promise<T>, hooks: CommandHooks, what: string, resultAt: string): Promise<T> {
  if (!hooks.onInterrupt) return work;
  let off = (): void => undefined;
  const interrupted = new Promise<never>((_, reject) => {
    off = hooks.onInterrupt!(() =>
      reject(new EngineError('WAIT_INTERRUPTED', `stopped waiting for the ${what}; it goes on in the node and its result will be in ${resultAt}`, { what })),
    );
  });
  // The work may still fail after the REPL stopped waiting; that is the node's to report.
  work.catch(() => undefined);
  try {
    return await Promise.race([work, interrupted]);
  } finally {
    off();
  }
}
