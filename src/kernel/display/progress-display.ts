/**
 * Progress of long work a cell started (a backtest), shown by the front end: a terminal bar (cli-progress)
 * in the REPL, one display updated in place in a notebook. Installed in a global slot that the work looks
 * up (symbols, not imports: a notebook may load a second copy of keel), and only while a front end runs.
 */
import cliProgress from 'cli-progress';
import { escapeHtml } from './render-html.js';

const PROGRESS_SLOT = Symbol.for('keel.backtest.progress');

/** What the work reports (a backtest's BacktestProgress has these fields). */
export interface WorkProgress {
  readonly events: number;
  readonly eventsPerSec: number;
  readonly simTime: string | undefined;
  readonly fraction: number | undefined;
  readonly orders: number;
  readonly fills: number;
  readonly done: boolean;
}

export interface ProgressDisplay {
  update(p: WorkProgress): void;
  finish(p: WorkProgress): void;
}

type Slots = Record<symbol, unknown>;

/** Install a progress display factory; returns a function that removes it (only if still ours). */
export function installProgressDisplay(factory: (title: string) => ProgressDisplay): () => void {
  (globalThis as unknown as Slots)[PROGRESS_SLOT] = factory;
  return () => {
    if ((globalThis as unknown as Slots)[PROGRESS_SLOT] === factory) delete (globalThis as unknown as Slots)[PROGRESS_SLOT];
  };
}

/** One line of figures: events, rate, simulated time, orders and fills. */
export function progressLine(p: WorkProgress): string {
  const sim = p.simTime === undefined ? '' : ` · sim ${p.simTime.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}`;
  return `${p.events.toLocaleString('en-US')} events · ${p.eventsPerSec.toLocaleString('en-US')}/s${sim} · ${p.orders} orders · ${p.fills} fills`;
}

/** The REPL's bar on `stream` (its output): percent when the span is known, else a moving count. */
export function terminalProgress(stream: NodeJS.WritableStream): (title: string) => ProgressDisplay {
  return (title) => {
    const bar = new cliProgress.SingleBar(
      { format: `${title} [{bar}] {percentage}% · {line}`, stream: stream as NodeJS.WriteStream, hideCursor: false, clearOnComplete: false, noTTYOutput: true, notTTYSchedule: 2000, barsize: 20, fps: 8 },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    const value = (p: WorkProgress) => Math.round((p.fraction ?? 0) * 1000);
    return {
      update(p) {
        if (!started) {
          bar.start(1000, value(p), { line: progressLine(p) });
          started = true;
        } else bar.update(value(p), { line: progressLine(p) });
      },
      finish(p) {
        if (!started) bar.start(1000, 1000, { line: progressLine(p) });
        bar.update(1000, { line: progressLine(p) });
        bar.stop();
      },
    };
  };
}

/** A notebook's display, replaced in place on every update (`update_display_data` with one display id). */
export function notebookProgress(show: (bundle: Record<string, string>, opts: { displayId: string; update: boolean }) => void): (title: string) => ProgressDisplay {
  let seq = 0;
  return (title) => {
    const displayId = `keel-progress-${process.pid}-${++seq}`;
    let shown = false;
    const render = (p: WorkProgress, done: boolean) => {
      const pct = Math.round((done ? 1 : (p.fraction ?? 0)) * 100);
      const line = progressLine(p);
      const bar = p.fraction === undefined && !done ? '<progress></progress>' : `<progress max="100" value="${pct}"></progress> ${pct}%`;
      show(
        { 'text/plain': `${title}: ${done ? 'done' : `${pct}%`} · ${line}`, 'text/html': `<div class="keel-progress"><b>${escapeHtml(title)}</b> ${bar} <span>${escapeHtml(line)}</span>${done ? ' ✓' : ''}</div>` },
        { displayId, update: shown },
      );
      shown = true;
    };
    return { update: (p) => render(p, false), finish: (p) => render(p, true) };
  };
}
