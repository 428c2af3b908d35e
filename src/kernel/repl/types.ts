import type { REPLServer } from 'node:repl';
import type { Evaluator } from '../eval/types.js';

/** One dot-command (`.name arg`), given by the caller (the session decides what exists). */
export interface ReplCommand {
  /** Without the dot: `config` for `.config`. */
  readonly name: string;
  /** One line for `.help`. */
  readonly help: string;
  /** Runs the command; a returned value other than undefined is shown like a cell's value. */
  action(arg: string): unknown;
  /** Candidates for the argument being typed after `.name ` (filtered by prefix here). */
  complete?(partial: string): readonly string[] | Promise<readonly string[]>;
}

export interface RenderOptions {
  readonly colors: boolean;
}

export interface ReplOptions {
  /** Defaults to a fresh `createEvaluator()`. */
  readonly evaluator?: Evaluator;
  /** The node runs in its own process: a cell that holds the loop is said not to delay it. */
  readonly nodeApart?: boolean;
  readonly input?: NodeJS.ReadableStream;
  readonly output?: NodeJS.WritableStream;
  /** Default `keel> `. */
  readonly prompt?: string;
  /** Line editing and key handling; defaults to whether `output` is a TTY. */
  readonly terminal?: boolean;
  /** Defaults to: `output` is a TTY and `NO_COLOR` is unset. */
  readonly colors?: boolean;
  /** Text for a value; undefined falls back to `util.inspect`. */
  readonly render?: (value: unknown, options: RenderOptions) => string | undefined;
  readonly commands?: readonly ReplCommand[];
  /** History kept across sessions; default `~/.keel_repl_history`, null to keep none. */
  readonly historyFile?: string | null;
  /** Most lines kept in the history file (default 1000). */
  readonly historySize?: number;
  /** Called once on `.exit`, Ctrl-D or `close()`, before the REPL reports itself closed. */
  readonly onExit?: () => Promise<void> | void;
}

export interface ReplHandle {
  readonly server: REPLServer;
  /** Resolves once the REPL has closed and `onExit` has finished. */
  readonly closed: Promise<void>;
  /** As `.exit`: runs `onExit`, closes, resolves when done. */
  close(): Promise<void>;
}
