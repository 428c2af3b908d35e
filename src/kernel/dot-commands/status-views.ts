/** Views for what the display layer has none of: the strategies on a node and the venue's status. */
import type { Block, Span, View } from '../display/index.js';
import type { Session } from '../session.js';
import type { StrategyView } from '../session/live-node.js';
import { formatLogLine, type SessionLogEntry } from '../session/session-log.js';
import { cell, valueText } from './shown.js';

function configField(s: StrategyView, key: string): unknown {
  const config = s.config as Record<string, unknown> | undefined;
  return (s as unknown as Record<string, unknown>)[key] ?? config?.[key];
}

/** How often its hooks threw, and the latest (hook: message at where); `strategy.errors` has the rest. */
function errorsCell(s: StrategyView): Span {
  const errors = (s as { errors?: readonly { hook: string; message: string; where: string | null; count: number }[] }).errors;
  if (!Array.isArray(errors) || errors.length === 0) return cell('none', 'muted');
  const total = errors.reduce((n, e) => n + e.count, 0);
  const last = errors[errors.length - 1]!;
  return cell(`${total}: ${last.hook}: ${last.message}${last.where ? ` (${last.where})` : ''}`, 'bad');
}

export function strategiesView(strategies: readonly StrategyView[]): View {
  const head: Block = { kind: 'line', spans: [cell('Strategies', 'neutral', true), cell(`  ${strategies.length}`, 'muted')] };
  if (strategies.length === 0) {
    return { subject: 'Strategies', blocks: [head, { kind: 'line', spans: [cell('none yet: node.addStrategy(new MyStrategy({...}))', 'muted')] }] };
  }
  const rows = strategies.map((s): Span[] => {
    const state = valueText(s.state ?? '');
    return [
      cell(String(s.id), 'neutral', true),
      cell((s as { className?: string }).className ?? s.constructor?.name ?? '', 'muted'),
      cell(state, state === 'RUNNING' ? 'ok' : state === 'STOPPED' || state === 'DISPOSED' ? 'warn' : 'neutral'),
      cell(valueText(configField(s, 'omsType') ?? '')),
      cell(valueText(configField(s, 'externalOrderClaims') ?? [])),
      errorsCell(s),
    ];
  });
  return {
    subject: 'Strategies',
    blocks: [
      head,
      {
        kind: 'table',
        columns: ['id', 'class', 'state', 'omsType', 'claims', 'hook errors'].map((label) => ({ label, align: 'left' as const })),
        rows,
      },
    ],
  };
}

export function venueView(session: Session): View {
  const stats = session.venue.stats();
  const faults = activeFaults(stats.faults);
  const faultText = faults.length === 0 ? 'none' : faults.join(', ');
  const fields: { label: string; value: Span[] }[] = [
    { label: 'url', value: [cell(session.venue.url)] },
    { label: 'embedded', value: [cell(session.ownsVenue ? 'yes (stops with the session)' : 'no (left running)', 'muted')] },
    { label: 'instruments', value: [cell(instrumentIds(session).join(', '))] },
    ...nodeConnections(session),
    { label: 'connections', value: [cell(`${stats.connections} since start`, 'muted')] },
    { label: 'frames in/out', value: [cell(`${stats.framesIn} / ${stats.framesOut}`, 'muted')] },
    { label: 'matched orders', value: [cell(String(stats.matchedOrders))] },
    { label: 'faults', value: [cell(faultText, faults.length === 0 ? 'ok' : 'bad', faults.length > 0)] },
  ];
  return {
    subject: 'Venue',
    blocks: [
      { kind: 'line', spans: [cell('Venue SIM', 'neutral', true), cell('  venue.controls.fault({ kind: ... }) to cause trouble', 'muted')] },
      { kind: 'fields', fields },
    ],
  };
}

/** The venue's fault switches as words: `drop-acks (2 left)`, `silent`, `delay 300 ms`. */
export function activeFaults(f: { readonly dropAcks: number; readonly silent: boolean; readonly delayMs: number }): string[] {
  const out: string[] = [];
  if (f.dropAcks > 0) out.push(`drop-acks (${f.dropAcks} left)`);
  if (f.silent) out.push('silent');
  if (f.delayMs > 0) out.push(`delay ${f.delayMs} ms`);
  return out;
}

function instrumentIds(session: Session): string[] {
  return session.venue.engine.instruments.all().map((i) => i.id);
}

/** The node's side of the link (`node.venues`, when the node exposes it): account and connection states. */
function nodeConnections(session: Session): { label: string; value: Span[] }[] {
  const venues = (session.node as unknown as { venues?: unknown }).venues;
  if (!Array.isArray(venues)) return [];
  return venues.map((raw: unknown) => {
    const v = raw as { venue?: unknown; accountId?: unknown; execConnection?: unknown; dataConnection?: unknown };
    const exec = String(v.execConnection ?? '?');
    const data = v.dataConnection === undefined ? '' : `, data ${String(v.dataConnection)}`;
    return {
      label: `node → ${String(v.venue ?? '?')}`,
      value: [cell(`exec ${exec}${data}`, exec === 'CONNECTED' ? 'ok' : 'warn'), cell(`  account ${String(v.accountId ?? '?')}`, 'muted')],
    };
  });
}

export function logView(entries: readonly SessionLogEntry[], total: number): View {
  const tone = (e: SessionLogEntry) => (e.level === 'error' ? 'bad' : e.level === 'warn' ? 'warn' : 'muted');
  return {
    subject: 'SessionLog',
    blocks: [
      { kind: 'line', spans: [cell('Node log', 'neutral', true), cell(`  ${entries.length} of ${total} kept entries`, 'muted')] },
      ...entries.map((e): Block => ({ kind: 'line', spans: [cell(formatLogLine(e), tone(e))] })),
    ],
  };
}
