/**
 * `.portfolio`, `.risk` and `.account`: what the node holds and makes, how close it is to its limits,
 * and what the venue says the account holds. Each reads a local node and an isolated or attached one
 * (its mirror) alike; the values are the same ones a notebook shows rich.
 */
import type { ReplCommand } from '../repl/index.js';
import type { SessionNode } from '../session/live-node.js';
import { riskUsageOf } from '../session/risk-usage.js';
import { noteView, shownView } from './shown.js';

interface MoneyNode {
  readonly portfolio?: { summary(): unknown };
  account?(venue?: string): unknown;
}

export function moneyCommands(node: SessionNode): ReplCommand[] {
  const money = node as unknown as MoneyNode;
  return [
    {
      name: 'portfolio',
      help: "The portfolio: per instrument net, avg px, mark, realized/unrealized/total PnL, exposure; per currency totals and the day's PnL",
      action() {
        if (!money.portfolio) return shownView(noteView('PortfolioSummary', 'Portfolio', 'this node has no portfolio'));
        return money.portfolio.summary();
      },
    },
    {
      name: 'risk',
      help: 'The trading state (ACTIVE / REDUCING / HALTED) and each risk limit: used / max',
      action: () => riskUsageOf(node),
    },
    {
      name: 'account',
      help: "The venue's account state: balances (total, locked, free) and margins (.account [VENUE])",
      action(arg: string) {
        const venue = arg.trim();
        const state = typeof money.account === 'function' ? money.account(venue === '' ? undefined : venue) : undefined;
        return state ?? shownView(noteView('AccountState', 'Account', 'no account state yet'));
      },
    },
  ];
}
