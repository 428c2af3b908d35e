/**
 * The neutral view model: what a keel value looks like, independent of where it is shown. Views are
 * built once (`views.ts`) and rendered by the terminal renderer (chalk) and the HTML renderer, so the
 * two never disagree on content; only styling differs.
 */

/** Semantic colour of a piece of text; renderers map tones to colours. */
export type Tone = 'ok' | 'warn' | 'bad' | 'muted' | 'neutral';

/** A run of text with one tone. `strong` is bold; `alert` is an alarm (e.g. unprotected exposure). */
export interface Span {
  readonly text: string;
  readonly tone: Tone;
  readonly strong?: boolean;
  readonly alert?: boolean;
}

export interface Column {
  readonly label: string;
  readonly align: 'left' | 'right';
  /**
   * When a terminal is too narrow for the table: columns with a `drop` rank go first, lowest rank first
   * (low-value columns); columns without one always stay.
   */
  readonly drop?: number;
  /** Long values (ids) may be shortened in the middle (`O-2026…-000-12`) to fit a narrow terminal. */
  readonly shrink?: boolean;
}

/** Rows are spans, one per column. */
export interface TableBlock {
  readonly kind: 'table';
  readonly columns: readonly Column[];
  readonly rows: readonly (readonly Span[])[];
}

/** A run of spans on one line (summary lines, headings, flags). Spans are concatenated as they are. */
export interface LineBlock {
  readonly kind: 'line';
  readonly spans: readonly Span[];
}

/** Label/value pairs (one order, one position, error details). */
export interface FieldsBlock {
  readonly kind: 'fields';
  readonly fields: readonly { readonly label: string; readonly value: readonly Span[] }[];
}

export type LinkKind = 'OTO' | 'OCO' | 'OUO';

export interface TreeNode {
  /** The node's own text; the status span carries the status tone. */
  readonly spans: readonly Span[];
  /** How the node hangs off its parent (OTO: triggered by the parent's fill). */
  readonly via?: LinkKind;
  /** Links to other nodes that are not parent/child (OCO/OUO siblings), by the other node's label. */
  readonly peers: readonly { readonly kind: LinkKind; readonly other: string }[];
  readonly children: readonly TreeNode[];
}

export interface TreeBlock {
  readonly kind: 'tree';
  readonly roots: readonly TreeNode[];
}

export interface DiffBlock {
  readonly kind: 'diff';
  readonly entries: readonly { readonly key: string; readonly before: string; readonly after: string }[];
}

/**
 * Rows that matter less, folded under one summary line: HTML shows a `<details>` that expands; the
 * terminal shows the summary (with `expand`, the blocks too).
 */
export interface FoldedBlock {
  readonly kind: 'folded';
  readonly summary: readonly Span[];
  readonly blocks: readonly Block[];
}

export type Block = TableBlock | LineBlock | FieldsBlock | TreeBlock | DiffBlock | FoldedBlock;

export interface View {
  /** What was rendered ('Order', 'Orders', 'ReconciliationResult', ...): a CSS class and a test handle. */
  readonly subject: string;
  readonly blocks: readonly Block[];
}

export function span(text: string, tone: Tone = 'neutral', style: { strong?: boolean; alert?: boolean } = {}): Span {
  return { text, tone, ...style };
}

/** A line of spans separated by single spaces (empty spans dropped). */
export function words(...spans: Span[]): LineBlock {
  const out: Span[] = [];
  for (const s of spans) {
    if (s.text === '') continue;
    if (out.length > 0) out.push(span(' '));
    out.push(s);
  }
  return { kind: 'line', spans: out };
}
