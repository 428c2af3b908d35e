/**
 * Terminal text. Layout is computed on the plain text and colour is applied afterwards, so widths never
 * count escape codes; with `colors: false` the output contains no escape codes at all.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import type { Block, DiffBlock, FieldsBlock, LineBlock, Span, TableBlock, TreeBlock, TreeNode, View } from './model.js';
import { toView } from './views.js';
import { isChartModel } from './chart/chart-model.js';
import { chartText } from './chart/render-ascii.js';

export interface TextOptions {
  /** Default: `colorsEnabled()` (stdout is a TTY and NO_COLOR is not set). */
  readonly colors?: boolean;
  /** Show folded blocks' contents under their summary (default: the summary only). */
  readonly expand?: boolean;
  /** The terminal's width: tables wider than this drop low-value columns, then shorten ids in the middle. */
  readonly width?: number | undefined;
}

/**
 * Whether a stream should get colour: `NO_COLOR` (any non-empty value, see no-color.org) wins, then
 * `FORCE_COLOR` (not '0'), then whether the stream is a TTY.
 */
export function colorsEnabled(
  stream: { readonly isTTY?: boolean } = process.stdout,
  env: Readonly<Record<string, string | undefined>> = process.env,
): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true;
  return stream.isTTY === true;
}

// Level 1 (16 colours) is enough for our tones and is the same on every terminal and in every test.
const colored = new Chalk({ level: 1 });

type Paint = (s: Span, padded?: string) => string;

function painter(colors: boolean): Paint {
  if (!colors) return (s, padded) => padded ?? s.text;
  return (s, padded) => {
    const t = padded ?? s.text;
    if (t.trim() === '') return t;
    let c: ChalkInstance = colored;
    if (s.tone === 'ok') c = c.green;
    else if (s.tone === 'warn') c = c.yellow;
    else if (s.tone === 'bad') c = c.red;
    else if (s.tone === 'muted') c = c.gray;
    if (s.strong) c = c.bold;
    if (s.alert) c = c.inverse;
    return c(t);
  };
}

function line(b: LineBlock, paint: Paint): string[] {
  return [b.spans.map((s) => paint(s)).join('')];
}

const GAP = 2;
const MIN_SHRUNK = 10;

/** `O-20261203-121130-001-000-12` → `O-2026…000-12`: both ends carry the meaning of an id. */
export function shortenMiddle(s: string, width: number): string {
  if (s.length <= width) return s;
  const keep = width - 1;
  const head = Math.ceil(keep / 2);
  return `${s.slice(0, head)}…${s.slice(s.length - (keep - head))}`;
}

/** The table fitted to `width`: low-value columns dropped (lowest `drop` first), then ids shortened. */
function fit(b: TableBlock, width: number): TableBlock {
  let columns = b.columns.map((c, i) => ({ c, i }));
  const natural = (i: number): number => Math.max(b.columns[i]!.label.length, ...b.rows.map((r) => r[i]?.text.length ?? 0));
  const total = (cols: typeof columns, w: (i: number) => number): number => cols.reduce((n, x) => n + w(x.i), 0) + GAP * Math.max(0, cols.length - 1);
  const droppable = () => columns.filter((x) => x.c.drop !== undefined).sort((a, z) => a.c.drop! - z.c.drop!);
  while (total(columns, natural) > width && droppable().length > 0) {
    const gone = droppable()[0]!;
    columns = columns.filter((x) => x !== gone);
  }
  const limit = new Map<number, number>();
  let over = total(columns, natural) - width;
  // Shrink the widest shrinkable column first, down to MIN_SHRUNK, until the table fits.
  while (over > 0) {
    const candidates = columns.filter((x) => x.c.shrink && (limit.get(x.i) ?? natural(x.i)) > Math.max(MIN_SHRUNK, x.c.label.length));
    if (candidates.length === 0) break;
    const widest = candidates.reduce((a, z) => ((limit.get(z.i) ?? natural(z.i)) > (limit.get(a.i) ?? natural(a.i)) ? z : a));
    limit.set(widest.i, (limit.get(widest.i) ?? natural(widest.i)) - 1);
    over -= 1;
  }
  return {
    kind: 'table',
    columns: columns.map((x) => x.c),
    rows: b.rows.map((r) => columns.map((x) => {
      const cell = r[x.i] ?? { text: '', tone: 'neutral' as const };
      const max = limit.get(x.i);
      return max === undefined ? cell : { ...cell, text: shortenMiddle(cell.text, max) };
    })),
  };
}

function table(whole: TableBlock, paint: Paint, width?: number): string[] {
  const b = width === undefined ? whole : fit(whole, width);
  const widths = b.columns.map((c, i) => Math.max(c.label.length, ...b.rows.map((r) => r[i]?.text.length ?? 0)));
  const pad = (t: string, i: number): string =>
    b.columns[i]!.align === 'right' ? t.padStart(widths[i]!) : t.padEnd(widths[i]!);
  // Trailing padding is left out rather than trimmed afterwards: once coloured it sits inside escapes.
  const paintRow = (cells: readonly Span[]): string => {
    let n = cells.length;
    while (n > 0 && cells[n - 1]!.text === '') n--;
    return cells
      .slice(0, n)
      .map((cell, i) => paint(cell, i === n - 1 && b.columns[i]!.align === 'left' ? cell.text : pad(cell.text, i)))
      .join('  ');
  };
  const head = paintRow(b.columns.map((c) => ({ text: c.label, tone: 'neutral', strong: true })));
  const rule = paintRow(widths.map((w) => ({ text: '─'.repeat(w), tone: 'muted' })));
  return [head, rule, ...b.rows.map(paintRow)];
}

function fields(b: FieldsBlock, paint: Paint): string[] {
  const width = Math.max(0, ...b.fields.map((f) => f.label.length));
  return b.fields.map((f) =>
    `${paint({ text: f.label, tone: 'muted' }, f.label.padEnd(width))}  ${f.value.map((s) => paint(s)).join('')}`.trimEnd(),
  );
}

function treeLines(nodes: readonly TreeNode[], prefix: string, paint: Paint, out: string[]): void {
  nodes.forEach((n, i) => {
    const last = i === nodes.length - 1;
    const parts: string[] = [paint({ text: '', tone: 'muted' }, prefix + (last ? '└─ ' : '├─ '))];
    if (n.via !== undefined) parts.push(paint({ text: n.via, tone: 'warn', strong: true }, `[${n.via}]`), ' ');
    parts.push(...n.spans.map((s) => paint(s)));
    for (const p of n.peers) parts.push('  ', paint({ text: p.kind, tone: 'warn' }, `[${p.kind} ↔ ${p.other}]`));
    out.push(parts.join('').trimEnd());
    treeLines(n.children, prefix + (last ? '   ' : '│  '), paint, out);
  });
}

function tree(b: TreeBlock, paint: Paint): string[] {
  const out: string[] = [];
  treeLines(b.roots, '', paint, out);
  return out;
}

function diff(b: DiffBlock, paint: Paint): string[] {
  return b.entries.map(
    (e) =>
      `  ${paint({ text: e.key, tone: 'neutral', strong: true })}: ${paint({ text: e.before, tone: 'bad' })} → ${paint({ text: e.after, tone: 'ok' })}`,
  );
}

function block(b: Block, paint: Paint, expand = false, width?: number): string[] {
  switch (b.kind) {
    case 'folded':
      return [b.summary.map((s) => paint(s)).join(''), ...(expand ? b.blocks.flatMap((inner) => block(inner, paint, expand, width)) : [])];
    case 'line':
      return line(b, paint);
    case 'table':
      return table(b, paint, width);
    case 'fields':
      return fields(b, paint);
    case 'tree':
      return tree(b, paint);
    case 'diff':
      return diff(b, paint);
  }
}

export function renderViewText(view: View, options: TextOptions = {}): string {
  const paint = painter(options.colors ?? colorsEnabled());
  return view.blocks.flatMap((b) => block(b, paint, options.expand, options.width)).join('\n');
}

/** A keel value as terminal text; `undefined` when the value is not keel's. */
export function renderText(value: unknown, options: TextOptions = {}): string | undefined {
  // Charts are drawn, not laid out in blocks: their own text renderer (asciichart), sized to the terminal.
  if (isChartModel(value)) return chartText(value, { colors: options.colors === true, ...(options.width !== undefined ? { columns: options.width } : {}) });
  const view = toView(value);
  return view === undefined ? undefined : renderViewText(view, options);
}
