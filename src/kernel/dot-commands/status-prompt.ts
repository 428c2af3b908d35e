/**
 * The REPL prompt as a status line: `[HALTED -12.40 USDT] keel> `. The trading state shows when it is
 * not ACTIVE (in its colour), the day's PnL per currency when it is not zero; otherwise the prompt is
 * the plain `keel> `. Put in front of the prompt, so the prompt still ends in `keel> ` (what scripts and
 * tests wait for). Cheap: the state is a field, the summary a read of the portfolio (a mirror's is the
 * latest one it streamed).
 */
import { Chalk } from 'chalk';
import type { ReplHandle } from '../repl/index.js';

interface StatusNode {
  readonly tradingState?: string;
  readonly portfolio?: { summary(): { readonly currencies: readonly { readonly currency: string; readonly dayPnl: string }[] } };
}

const colored = new Chalk({ level: 1 });

/** A money string's amount is zero ('0 USDT', '-0.00 USDT', '0E-8 USDT'). */
function isZero(money: string): boolean {
  const amount = Number(money.split(' ')[0]);
  return !Number.isFinite(amount) || amount === 0;
}

/** `+3.20 USDT` / `-12.40 USDT`: the sign always shown, so a glance tells making from losing. */
function signed(money: string): string {
  return money.startsWith('-') || money.startsWith('+') ? money : `+${money}`;
}

/** The status words before the prompt ('' when there is nothing to say). */
export function promptStatus(node: StatusNode, colors: boolean): string {
  const parts: string[] = [];
  const state = node.tradingState;
  if (state !== undefined && state !== 'ACTIVE') {
    parts.push(!colors ? state : state === 'HALTED' ? colored.red.bold(state) : colored.yellow.bold(state));
  }
  let currencies: readonly { readonly currency: string; readonly dayPnl: string }[] = [];
  try {
    currencies = node.portfolio?.summary().currencies ?? [];
  } catch {
    // A prompt never fails: a portfolio that cannot answer now shows no PnL.
  }
  for (const c of currencies) {
    if (isZero(c.dayPnl)) continue;
    const text = signed(c.dayPnl);
    parts.push(!colors ? text : text.startsWith('-') ? colored.red(text) : colored.green(text));
  }
  return parts.length === 0 ? '' : `[${parts.join(' ')}] `;
}

/** Every prompt the REPL draws carries the node's status in front of `base`. */
export function decoratePrompt(handle: ReplHandle, node: unknown, colors: boolean, base = 'keel> '): void {
  const server = handle.server;
  const draw = server.displayPrompt.bind(server);
  server.displayPrompt = (preserveCursor?: boolean) => {
    server.setPrompt(`${promptStatus(node as StatusNode, colors)}${base}`);
    draw(preserveCursor);
  };
}
