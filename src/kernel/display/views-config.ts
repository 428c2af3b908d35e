/** Live configuration changes: one as a diff (`key: before → after`), many as an audit table. */
import type { ConfigChange } from '../../engine/index.js';
import { formatNs, formatUnknown } from './format.js';
import { span, words, type Span, type View } from './model.js';

/** undefined means the key had no value (a default removed or first set). */
function valueText(value: unknown): string {
  return value === undefined ? '(unset)' : formatUnknown(value);
}

export function configChangeView(c: ConfigChange): View {
  return {
    subject: 'ConfigChange',
    blocks: [
      words(
        span(`Config change ${c.changeId}`, 'neutral', { strong: true }),
        span(c.target),
        span(`by ${c.source}`, 'muted'),
        span(`at ${formatNs(c.tsEvent)}`, 'muted'),
      ),
      c.changes.length === 0
        ? words(span('no change', 'muted'))
        : {
            kind: 'diff',
            entries: c.changes.map((e) => ({ key: e.key, before: valueText(e.before), after: valueText(e.after) })),
          },
    ],
  };
}

export function configChangesView(changes: readonly ConfigChange[]): View {
  const rows: Span[][] = [];
  for (const c of changes) {
    const head = [span(formatNs(c.tsEvent), 'muted'), span(c.changeId), span(c.target), span(c.source, 'muted')];
    if (c.changes.length === 0) rows.push([...head, span('no change', 'muted'), span(''), span('')]);
    for (const e of c.changes) {
      rows.push([...head, span(e.key, 'neutral', { strong: true }), span(valueText(e.before), 'bad'), span(valueText(e.after), 'ok')]);
    }
  }
  return {
    subject: 'ConfigChanges',
    blocks: [
      words(span('Config changes', 'neutral', { strong: true }), span(String(changes.length), 'muted')),
      {
        kind: 'table',
        columns: ['time', 'change', 'target', 'source', 'key', 'before', 'after'].map((label) => ({ label, align: 'left' as const })),
        rows,
      },
    ],
  };
}
