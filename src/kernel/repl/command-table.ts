/**
 * The dot-command table: the caller's commands registered on node's REPL, a `.help` listing them, and
 * completion of command names (`.con` → `.config`) and of each command's argument (`.config ma`).
 */
import type { REPLServer } from 'node:repl';
import type { ReplCommand } from './types.js';

/** node's own commands that make no sense with our evaluator (`.clear` resets a context we do not use). */
const HIDDEN_BUILTINS = ['clear'];

export interface DotCommandHooks {
  /** Shows a command's returned value like a cell's value. */
  show(value: unknown): void;
  /** Shows a command's failure without leaving the REPL. */
  fail(error: unknown): void;
}

export function registerCommands(server: REPLServer, commands: readonly ReplCommand[], hooks: DotCommandHooks): void {
  for (const name of HIDDEN_BUILTINS) delete (server.commands as Record<string, unknown>)[name];
  for (const command of commands) {
    server.defineCommand(command.name, {
      help: command.help,
      action(arg: string) {
        void runAction(server, command, arg.trim(), hooks);
      },
    });
  }
  server.defineCommand('help', {
    help: 'Show the commands',
    action() {
      server.output.write(helpText(server));
      server.displayPrompt();
    },
  });
}

async function runAction(server: REPLServer, command: ReplCommand, arg: string, hooks: DotCommandHooks): Promise<void> {
  try {
    const value: unknown = await command.action(arg);
    if (value !== undefined) hooks.show(value);
  } catch (error) {
    hooks.fail(error);
  }
  server.displayPrompt();
}

function helpText(server: REPLServer): string {
  const entries = Object.entries(server.commands).sort(([a], [b]) => a.localeCompare(b));
  const width = Math.max(...entries.map(([name]) => name.length)) + 1;
  const lines = entries.map(([name, cmd]) => `.${name.padEnd(width)} ${cmd?.help ?? ''}`);
  return `${lines.join('\n')}\n\nPress Tab to complete, Ctrl+C to interrupt a running cell, Ctrl+D or .exit to leave.\n`;
}

/** Completion for a line starting with `.`; [matches, the text they replace]. */
export async function completeDotCommand(
  server: REPLServer,
  commands: readonly ReplCommand[],
  line: string,
): Promise<[string[], string]> {
  const space = line.indexOf(' ');
  if (space < 0) {
    const names = Object.keys(server.commands).map((n) => `.${n}`);
    return [names.filter((n) => n.startsWith(line)).sort(), line];
  }
  const name = line.slice(1, space);
  const partial = line.slice(space + 1).trimStart();
  const command = commands.find((c) => c.name === name);
  if (!command?.complete) return [[], partial];
  const candidates = await command.complete(partial);
  return [[...new Set(candidates)].filter((c) => c.startsWith(partial)).sort(), partial];
}
