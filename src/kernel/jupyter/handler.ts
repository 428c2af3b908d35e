/**
 * What each request means: runs cells through the shared evaluator, publishes their side effects on
 * iopub (status, execute_input, stream, display, result, error) and answers on the request's channel.
 * It knows nothing of sockets or signatures (wire.ts) and never throws into the receive loops.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { inspect as inspectValue } from 'node:util';
import { findProjectRoot } from '../../engine/data/project-root.js';
import { loopHeldWarning } from '../eval/loop-watch.js';
import type { Evaluator } from '../eval/types.js';
import { isSelfDisplayed } from '../live/index.js';
import { CellHistory } from './history.js';
import { OutputCapture, type StreamName } from './output-capture.js';
import { childOf, errorContent, PROTOCOL_VERSION, replyTo, type Content, type Message } from './protocol.js';
import type { Channel } from './wire.js';

export type MimeBundle = Record<string, unknown>;

export interface DisplayOptions {
  readonly displayId?: string;
  readonly update?: boolean;
}

export interface HandlerDeps {
  readonly evaluator: Evaluator;
  /** Our session id, stamped on every header we send. */
  readonly session: string;
  send(channel: Channel, msg: Message): Promise<void>;
  /** Value → MIME bundle (a chart's SVG renders asynchronously); must always give `text/plain`. */
  render(value: unknown): MimeBundle | Promise<MimeBundle>;
  /** Resolves when displays the cell started (a chart rendering) have gone out: awaited before the reply. */
  settle?(): Promise<void>;
  /** Extra facts for kernel_info's `keel` field (e.g. dropped messages). */
  stats(): Record<string, unknown>;
  /** Runs after shutdown_reply is sent: the shutdown hook, then process exit. */
  shutdown(restart: boolean): Promise<void>;
  /** True when the session's node runs in its own process (a cell holding the loop does not delay it). */
  nodeApart?(): boolean;
}

/** Thrown into a cell's await when an interrupt arrives, if the evaluator has not stopped it already. */
export class KernelInterruptError extends Error {
  override readonly name = 'KernelInterrupt';
  constructor() { super('the cell was interrupted'); }
}

const require = createRequire(import.meta.url);
// From the root found by walking up: `../../../package.json` would miss it when running from dist/.
const KEEL_VERSION = (require(path.join(findProjectRoot(import.meta.url), 'package.json')) as { version: string }).version;
const TS_VERSION = (require('typescript/package.json') as { version: string }).version;

interface RunningCell {
  readonly request: Message;
  readonly abort: AbortController;
}

export function describeError(err: unknown): { ename: string; evalue: string; traceback: string[] } {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    const details = (err as { details?: unknown }).details;
    const evalue = typeof code === 'string' && !err.message.startsWith(code) ? `${code}: ${err.message}` : err.message;
    // Frames inside the kernel are noise to the user; keep the cell's own.
    const frames = (err.stack ?? '').split('\n').slice(1)
      .filter((l) => !/node:internal|src\/kernel\/(jupyter|eval)\//.test(l));
    const traceback = [`${err.name}: ${evalue}`, ...frames];
    if (details !== undefined && details !== null && Object.keys(details).length > 0) {
      traceback.push(`details: ${inspectValue(details, { depth: 4, breakLength: 100 })}`);
    }
    return { ename: err.name, evalue, traceback };
  }
  const evalue = inspectValue(err);
  return { ename: 'Thrown', evalue, traceback: [`Uncaught ${evalue}`] };
}

export class KernelHandler {
  private executionCount = 0;
  private readonly history = new CellHistory();
  private running: RunningCell | undefined;
  /** Display updates from timers after a cell ended still belong to the last cell. */
  private lastRequest: Message | undefined;
  private readonly capture = new OutputCapture((name, text) => this.publishStream(name, text));

  constructor(private readonly deps: HandlerDeps) {}

  get busy(): boolean {
    return this.running !== undefined;
  }

  /** Handles one request; every failure becomes an error reply, never an exception. */
  async handle(channel: Channel, msg: Message): Promise<void> {
    await this.publish(msg, 'status', { execution_state: 'busy' });
    try {
      await this.dispatch(channel, msg);
    } catch (err) {
      const { ename, evalue, traceback } = describeError(err);
      await this.reply(channel, msg, errorContent(ename, evalue, traceback));
    } finally {
      await this.publish(msg, 'status', { execution_state: 'idle' });
    }
  }

  /** Stops the running cell's await (a busy loop is stopped by SIGINT through breakOnSigint). */
  interrupt(): boolean {
    if (!this.running) return false;
    this.running.abort.abort(new KernelInterruptError());
    return true;
  }

  /** The display hook `display(value, { displayId, update })` reaches. */
  display(bundle: object, options: DisplayOptions = {}): void {
    const parent = this.running?.request ?? this.lastRequest;
    this.capture.flush();
    const transient = options.displayId !== undefined ? { display_id: options.displayId } : {};
    const type = options.update === true && options.displayId !== undefined ? 'update_display_data' : 'display_data';
    void this.publish(parent, type, { data: bundle, metadata: {}, transient });
  }

  clearOutput(wait = false): void {
    this.capture.flush();
    void this.publish(this.running?.request ?? this.lastRequest, 'clear_output', { wait });
  }

  private async dispatch(channel: Channel, msg: Message): Promise<void> {
    const c = msg.content;
    const ev = this.deps.evaluator;
    switch (msg.header.msg_type) {
      case 'execute_request':
        return this.execute(channel, msg);
      case 'kernel_info_request':
        return this.reply(channel, msg, this.kernelInfo());
      case 'is_complete_request': {
        const status = ev.isComplete(String(c['code'] ?? ''));
        return this.reply(channel, msg, status === 'incomplete' ? { status, indent: '' } : { status });
      }
      case 'complete_request': {
        const code = String(c['code'] ?? '');
        const done = ev.complete(code, typeof c['cursor_pos'] === 'number' ? c['cursor_pos'] : code.length);
        return this.reply(channel, msg, {
          status: 'ok', matches: [...done.matches], cursor_start: done.cursorStart, cursor_end: done.cursorEnd, metadata: {},
        });
      }
      case 'inspect_request': {
        const code = String(c['code'] ?? '');
        const doc = ev.inspect(code, typeof c['cursor_pos'] === 'number' ? c['cursor_pos'] : code.length);
        return this.reply(channel, msg, {
          status: 'ok', found: doc !== null, data: doc === null ? {} : { 'text/plain': doc }, metadata: {},
        });
      }
      case 'history_request':
        return this.reply(channel, msg, { status: 'ok', history: this.history.query(c) });
      case 'comm_info_request':
        return this.reply(channel, msg, { status: 'ok', comms: {} });
      case 'interrupt_request':
        this.interrupt();
        return this.reply(channel, msg, { status: 'ok' });
      case 'shutdown_request': {
        const restart = c['restart'] === true;
        await this.reply(channel, msg, { status: 'ok', restart });
        await this.publish(msg, 'shutdown_reply', { status: 'ok', restart });
        return this.deps.shutdown(restart);
      }
      default:
        // comm_open/comm_msg/comm_close and unknown requests: no comms are registered, so nothing to do.
        return;
    }
  }

  private async execute(channel: Channel, msg: Message): Promise<void> {
    const code = String(msg.content['code'] ?? '');
    const silent = msg.content['silent'] === true;
    const store = !silent && msg.content['store_history'] !== false;
    if (store) this.executionCount += 1;
    const count = this.executionCount;
    if (!silent) await this.publish(msg, 'execute_input', { code, execution_count: count });
    const entry = { line: count, input: code, output: null as string | null };
    if (store) this.history.add(entry);

    const abort = new AbortController();
    this.running = { request: msg, abort };
    this.lastRequest = msg;
    this.capture.start();
    try {
      // On this cell's stderr stream even when the interrupt race already ended the cell here.
      const onLoopHeld = ({ heldMs }: { heldMs: number }) => {
        this.capture.flush();
        void this.publish(msg, 'stream', { name: 'stderr', text: `${loopHeldWarning(`cell ${count}`, code, heldMs, this.deps.nodeApart?.() === true)}\n` });
      };
      const result = await raceAbort(this.deps.evaluator.evaluate(code, { signal: abort.signal, onLoopHeld }), abort.signal);
      this.capture.flush();
      // A live view already showed itself (display_data with its id): no static copy under it.
      if (result.hasValue && result.value !== undefined && !silent && !isSelfDisplayed(result.value)) {
        const data = await this.deps.render(result.value);
        entry.output = typeof data['text/plain'] === 'string' ? data['text/plain'] : null;
        await this.publish(msg, 'execute_result', { execution_count: count, data, metadata: {} });
      }
      await this.deps.settle?.();
      await this.reply(channel, msg, { status: 'ok', execution_count: count, payload: [], user_expressions: {} });
    } catch (err) {
      this.capture.flush();
      const { ename, evalue, traceback } = describeError(err);
      if (!silent) await this.publish(msg, 'error', { ename, evalue, traceback });
      await this.reply(channel, msg, { ...errorContent(ename, evalue, traceback), execution_count: count });
    } finally {
      this.capture.stop();
      this.running = undefined;
    }
  }

  private kernelInfo(): Content {
    return {
      status: 'ok',
      protocol_version: PROTOCOL_VERSION,
      implementation: 'keel',
      implementation_version: KEEL_VERSION,
      language_info: {
        name: 'typescript',
        version: TS_VERSION,
        mimetype: 'text/typescript',
        file_extension: '.ts',
        codemirror_mode: { name: 'javascript', typescript: true },
        pygments_lexer: 'typescript',
      },
      banner: `keel ${KEEL_VERSION}: a live trading engine, TypeScript ${TS_VERSION} on node ${process.versions.node}`,
      help_links: [],
      debugger: false,
      keel: this.deps.stats(),
    };
  }

  private publishStream(name: StreamName, text: string): void {
    void this.publish(this.running?.request ?? this.lastRequest, 'stream', { name, text });
  }

  private publish(parent: Message | undefined, msgType: string, content: Content): Promise<void> {
    return this.deps.send('iopub', childOf(parent, msgType, content, this.deps.session)).catch(() => undefined);
  }

  private reply(channel: Channel, request: Message, content: Content): Promise<void> {
    return this.deps.send(channel, replyTo(request, content, this.deps.session));
  }
}

/** Rejects as soon as `signal` aborts, so a stuck `await` cannot hold the shell forever. */
function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason ?? new KernelInterruptError());
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
