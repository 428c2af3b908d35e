/**
 * Self-contained HTML: inline styles only (notebook front ends strip <style> and scripts in untrusted
 * outputs), every piece of text escaped, trees drawn as nested lists with a left rule.
 */
import type { Block, DiffBlock, FieldsBlock, LineBlock, Span, TableBlock, TreeBlock, TreeNode, Tone, View } from './model.js';
import { toView } from './views.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

// Colours readable on both light and dark notebook themes.
const TONE_COLORS: Record<Tone, string | undefined> = {
  ok: '#1a7f37',
  warn: '#b08800',
  bad: '#cf222e',
  muted: '#8c959f',
  neutral: undefined,
};

function spanHtml(s: Span): string {
  const styles: string[] = [];
  const color = TONE_COLORS[s.tone];
  if (s.alert) styles.push('color:#fff', 'background:#cf222e', 'padding:0 4px', 'border-radius:3px');
  else if (color !== undefined) styles.push(`color:${color}`);
  if (s.strong) styles.push('font-weight:600');
  const t = escapeHtml(s.text);
  return styles.length === 0 ? t : `<span style="${styles.join(';')}">${t}</span>`;
}

const CELL = 'padding:2px 10px 2px 0;white-space:nowrap;vertical-align:top';

function line(b: LineBlock): string {
  return `<div style="margin:2px 0">${b.spans.map(spanHtml).join('')}</div>`;
}

function table(b: TableBlock): string {
  const align = (i: number): string => (b.columns[i]!.align === 'right' ? 'text-align:right' : 'text-align:left');
  const head = b.columns
    .map((c, i) => `<th style="${CELL};${align(i)};border-bottom:1px solid #8c959f;font-weight:600">${escapeHtml(c.label)}</th>`)
    .join('');
  const rows = b.rows
    .map((r) => `<tr>${r.map((cell, i) => `<td style="${CELL};${align(i)}">${spanHtml(cell)}</td>`).join('')}</tr>`)
    .join('');
  return `<table style="border-collapse:collapse;margin:4px 0"><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
}

function fields(b: FieldsBlock): string {
  const rows = b.fields
    .map(
      (f) =>
        `<tr><td style="${CELL};color:#8c959f">${escapeHtml(f.label)}</td><td style="${CELL}">${f.value.map(spanHtml).join('')}</td></tr>`,
    )
    .join('');
  return `<table style="border-collapse:collapse;margin:4px 0"><tbody>${rows}</tbody></table>`;
}

function badge(textContent: string): string {
  return `<span style="color:#b08800;border:1px solid #b08800;border-radius:3px;padding:0 3px;margin-right:4px;font-size:0.85em">${escapeHtml(textContent)}</span>`;
}

function treeNodes(nodes: readonly TreeNode[], top: boolean): string {
  const list = top
    ? 'list-style:none;margin:4px 0;padding-left:0'
    : 'list-style:none;margin:0 0 0 6px;padding-left:14px;border-left:1px solid #8c959f';
  const items = nodes
    .map((n) => {
      const via = n.via !== undefined ? badge(n.via) : '';
      const peers = n.peers.map((p) => ` ${badge(`${p.kind} ↔ ${p.other}`)}`).join('');
      const children = n.children.length > 0 ? treeNodes(n.children, false) : '';
      return `<li style="margin:2px 0">${via}${n.spans.map(spanHtml).join('')}${peers}${children}</li>`;
    })
    .join('');
  return `<ul style="${list}">${items}</ul>`;
}

function tree(b: TreeBlock): string {
  return treeNodes(b.roots, true);
}

function diff(b: DiffBlock): string {
  const rows = b.entries
    .map(
      (e) =>
        `<tr><td style="${CELL};font-weight:600">${escapeHtml(e.key)}</td>` +
        `<td style="${CELL};color:#cf222e;text-decoration:line-through">${escapeHtml(e.before)}</td>` +
        `<td style="${CELL}">→</td><td style="${CELL};color:#1a7f37">${escapeHtml(e.after)}</td></tr>`,
    )
    .join('');
  return `<table style="border-collapse:collapse;margin:4px 0"><tbody>${rows}</tbody></table>`;
}

function block(b: Block): string {
  switch (b.kind) {
    case 'folded':
      return `<details style="margin:4px 0"><summary style="cursor:pointer">${b.summary.map(spanHtml).join('')}</summary>${b.blocks.map(block).join('')}</details>`;
    case 'line':
      return line(b);
    case 'table':
      return table(b);
    case 'fields':
      return fields(b);
    case 'tree':
      return tree(b);
    case 'diff':
      return diff(b);
  }
}

export function renderViewHtml(view: View): string {
  return (
    `<div class="keel-view keel-${escapeHtml(view.subject)}" ` +
    `style="font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px;line-height:1.45">` +
    `${view.blocks.map(block).join('')}</div>`
  );
}

/** A keel value as HTML; `undefined` when the value is not keel's. */
export function renderHtml(value: unknown): string | undefined {
  const view = toView(value);
  return view === undefined ? undefined : renderViewHtml(view);
}
