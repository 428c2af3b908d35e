/** The REPL's opening lines: what is live (venue, instruments, node, reconciliation) and how to get help. */
import type { Session } from '../session.js';

export interface BannerOptions {
  readonly colors: boolean;
  /** Replay speed of the embedded venue, when known. */
  readonly replaySpeed?: number;
  /** Milliseconds from process start to the banner. */
  readonly readyMs?: number;
}

const paint = (on: boolean, code: number, text: string): string => (on ? `\x1b[${code}m${text}\x1b[0m` : text);

export function sessionBanner(session: Session, options: BannerOptions): string {
  const c = options.colors;
  const bold = (t: string) => paint(c, 1, t);
  const dim = (t: string) => paint(c, 90, t);
  const green = (t: string) => paint(c, 32, t);
  const red = (t: string) => paint(c, 31, t);
  const instruments = session.venue.engine.instruments.all().map((i) => i.id);
  const venueLine = session.ownsVenue
    ? `embedded sandbox at ${session.venue.url}, replaying BTC perpetual 1-minute bars${options.replaySpeed ? ` at ${options.replaySpeed}x` : ''}`
    : `sandbox at ${session.venue.url}`;
  const state = (session.node as { state?: unknown }).state;
  const recon = session.node.lastReconciliation;
  const reconLine = recon
    ? `${recon.success ? green('ok') : red('FAILED')} (${recon.trigger.toLowerCase()}): ${recon.counts.orders} orders, ${recon.counts.fills} fills, ${recon.counts.positions} positions, ${recon.counts.eventsApplied} events applied${recon.error ? `; ${recon.error.code}: ${recon.error.message}` : ''}`
    : dim('none yet');
  const demo = session.demoStrategy;
  // What the session really put in scope (its globals), in the order they were set.
  const scope = Object.keys(session.globals);
  const lines = [
    `${bold('keel')} live trading REPL ${dim(`(TypeScript cells; ${options.readyMs !== undefined ? `ready in ${Math.round(options.readyMs)} ms` : 'ready'})`)}`,
    `  venue           ${venueLine}`,
    `  instruments     ${instruments.join(', ')}`,
    `  node            ${green(typeof state === 'string' ? state : 'running')} ${where(session)}, shutdown policy '${session.shutdownPolicy}'`,
    `  reconciliation  ${reconLine}`,
    `  in scope        ${scope.join(', ')}`,
  ];
  lines.push(`  try             ${bold(`node.addStrategy(new ${demo.name}({ manageContingentOrders: true }))`)} then ${bold('.orders')}`);
  lines.push(`  help            ${bold('.help')} for commands, Tab to complete, Ctrl+C interrupts a cell, ${bold('.exit')} stops the node`);
  return `${lines.join('\n')}\n`;
}

/** Where the node runs: its own process (a busy cell never delays it) or the cells' (where one does). */
function where(session: Session): string {
  if (session.isolation !== 'process') return 'in this process (inline: a busy cell delays it)';
  const pid = (session.node as { pid?: unknown }).pid;
  return `in its own process${typeof pid === 'number' ? ` (pid ${pid})` : ''}`;
}
