/**
 * Values the dot-commands return for the REPL to print. The REPL shows a command's value through
 * `util.inspect` with its colour setting, so a view wrapped here renders itself with (or without)
 * colour exactly as the terminal wants it.
 */
import { inspect } from 'node:util';
import { renderViewText } from '../display/index.js';
import type { Span, Tone, View } from '../display/index.js';

export class Shown {
  constructor(private readonly draw: (colors: boolean) => string) {}

  text(colors = false): string {
    return this.draw(colors);
  }

  [inspect.custom](_depth: number, options: { colors?: boolean }): string {
    return this.draw(options.colors === true);
  }
}

/** The terminal's width when stdout is one (tables then fit it); undefined for pipes and files. */
export function terminalWidth(): number | undefined {
  return process.stdout.isTTY && process.stdout.columns > 0 ? process.stdout.columns : undefined;
}

export const shownView = (view: View): Shown => new Shown((colors) => renderViewText(view, { colors, width: terminalWidth() }));
export const shownText = (text: string): Shown => new Shown(() => text);

export function cell(text: string, tone: Tone = 'neutral', strong = false): Span {
  return strong ? { text, tone, strong } : { text, tone };
}

/** A one-line view: a bold title and muted words, e.g. "Orders  none". */
export function noteView(subject: string, title: string, note: string): View {
  return { subject, blocks: [{ kind: 'line', spans: [cell(title, 'neutral', true), cell(`  ${note}`, 'muted')] }] };
}

/** Any config value as one cell of text. */
export function valueText(value: unknown): string {
  if (value === undefined) return '(unset)';
  if (value === null) return 'null';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  try {
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ?? String(value);
  } catch {
    return String(value);
  }
}
