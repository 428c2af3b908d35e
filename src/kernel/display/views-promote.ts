/** A promotion: where the folder went, what is in it, what promote chose and the line that runs it. */
import type { PromoteResult } from '../promote/promote.js';
import { span, words, type View } from './model.js';

/** The promote module's own result type (type-only: display stays below promote at run time). */
export type PromoteResultLike = Pick<PromoteResult, 'kind' | 'dir' | 'files' | 'className' | 'strategyId' | 'cells' | 'carried' | 'command' | 'notes' | 'config'>;

export function isPromoteResult(value: unknown): value is PromoteResultLike {
  const v = value as Partial<PromoteResultLike> | null;
  return typeof v === 'object' && v !== null && v.kind === 'PromoteResult' && typeof v.dir === 'string' && typeof v.command === 'string'
    && Array.isArray(v.notes) && typeof v.config === 'object' && v.config !== null;
}

export function promoteResultView(r: PromoteResultLike): View {
  const url = r.config.venues[0]?.url;
  return {
    subject: 'PromoteResult',
    blocks: [
      words(span(`Promoted ${r.strategyId}`, 'ok', { strong: true }), span(`(class ${r.className}, ${r.cells.length > 0 ? `cells ${r.cells.join(', ')}` : "keel's own"})`, 'muted'), span('→'), span(r.dir, 'neutral', { strong: true })),
      {
        kind: 'fields',
        fields: [
          { label: 'files', value: [span(r.files.join(', '))] },
          ...(r.carried.length > 0 ? [{ label: 'carried', value: [span(r.carried.join(', '))] }] : []),
          ...(url ? [{ label: 'venue', value: [span(url)] }] : []),
          ...r.notes.map((n) => ({ label: 'note', value: [span(n, 'warn')] })),
          { label: 'run', value: [span(r.command, 'neutral', { strong: true })] },
        ],
      },
    ],
  };
}
