/**
 * A reconciliation run: a summary line (success, counts, duration), the run-level error if any, then
 * the rows that need a look — failed, skipped, created, updated, in that order, outcome first — and the
 * matched rows (keel and the venue agreed) folded under their count: in a start-up with 10,000 matched
 * orders, the one that failed is what the eye must land on.
 */
import type { ReconciliationResult } from '../../engine/index.js';
import { formatNs, outcomeTone, plural } from './format.js';
import { span, words, type Block, type Span, type View } from './model.js';

/** One row of a result and its outcome, named from the public result type (the engine's own names are internal). */
type ReconciliationItem = ReconciliationResult['items'][number];
type ReconciliationOutcome = ReconciliationItem['outcome'];

function recordText(record: Readonly<Record<string, string>> | null): string {
  if (record === null) return 'nothing';
  const parts = Object.entries(record).map(([k, v]) => `${k}=${v}`);
  return parts.length === 0 ? 'nothing' : parts.join(' ');
}

/** What reconciliation did for one item, in words: events applied, orders/fills created, the rule or reason. */
function doneText(item: ReconciliationItem): string {
  const parts: string[] = [];
  if (item.events.length > 0) parts.push(item.events.map((e) => e.type).join(', '));
  if (item.createdOrders.length > 0) parts.push(`created ${item.createdOrders.join(', ')}`);
  if (item.inferredFills.length > 0) parts.push(`inferred ${item.inferredFills.join(', ')}`);
  if (item.rule !== undefined) parts.push(item.rule);
  if (item.reason !== undefined) parts.push(item.reason);
  return parts.length === 0 ? 'nothing' : parts.join('; ');
}

/** Problems first; MATCHED last (and folded). An outcome added later sorts before MATCHED, never hidden. */
const ORDER: Record<string, number> = { FAILED: 0, SKIPPED: 1, CREATED: 2, UPDATED: 3, MATCHED: 9 } satisfies Record<ReconciliationOutcome, number>;
const rank = (o: string): number => ORDER[o] ?? 4;

const COLUMNS = ['outcome', 'kind', 'key', 'instrument', 'had', 'venue said', 'done'].map((label) => ({ label, align: 'left' as const }));

function itemRow(item: ReconciliationItem): Span[] {
  const tone = outcomeTone(item.outcome);
  return [
    span(item.outcome, tone, { strong: true }),
    span(item.kind, tone),
    span(item.key, tone),
    span(item.instrumentId, tone),
    span(recordText(item.had), tone),
    span(recordText(item.venue), tone),
    span(doneText(item), tone),
  ];
}

export function reconciliationView(r: ReconciliationResult): View {
  const c = r.counts;
  const blocks: Block[] = [
    words(
      span(`Reconciliation ${r.trigger}`, 'neutral', { strong: true }),
      span(r.venues.join(', ')),
      span(r.success ? 'succeeded' : 'failed', r.success ? 'ok' : 'bad', { strong: true }),
      span(`in ${r.durationMs} ms`, 'muted'),
      span(`at ${formatNs(r.tsStarted)}`, 'muted'),
    ),
    words(
      span(`${plural(c.orders, 'order')}, ${plural(c.fills, 'fill')}, ${plural(c.positions, 'position')}:`),
      span(`${c.matched} matched,`, c.matched > 0 ? 'muted' : 'neutral'),
      span(`${c.updated} updated,`, c.updated > 0 ? 'ok' : 'neutral'),
      span(`${c.created} created,`, c.created > 0 ? 'ok' : 'neutral'),
      span(`${c.skipped} skipped,`, c.skipped > 0 ? 'warn' : 'neutral'),
      span(`${c.failed} failed`, c.failed > 0 ? 'bad' : 'neutral'),
    ),
    words(
      span(
        `${plural(c.eventsApplied, 'event')} applied, ${plural(c.inferredFills, 'inferred fill')}, ` +
          `${plural(c.syntheticOrders, 'synthetic order')}, ${c.externalDropped} external dropped`,
        'muted',
      ),
    ),
  ];
  if (r.error !== undefined) {
    blocks.push(words(span(`error ${r.error.code}:`, 'bad', { strong: true }), span(r.error.message, 'bad')));
  }
  // Stable: within one outcome, rows keep the run's order.
  const attention = r.items.filter((i) => i.outcome !== 'MATCHED').map((item, at) => ({ item, at }))
    .sort((a, b) => rank(a.item.outcome) - rank(b.item.outcome) || a.at - b.at).map((x) => x.item);
  const matched = r.items.filter((i) => i.outcome === 'MATCHED');
  if (attention.length > 0) blocks.push({ kind: 'table', columns: COLUMNS, rows: attention.map(itemRow) });
  if (matched.length > 0) {
    blocks.push({
      kind: 'folded',
      summary: [span(`▸ ${plural(matched.length, 'matched row')}`, 'muted'), span(' (keel and the venue agree; expand to list)', 'muted')],
      blocks: [{ kind: 'table', columns: COLUMNS, rows: matched.map(itemRow) }],
    });
  }
  return { subject: 'ReconciliationResult', blocks };
}
