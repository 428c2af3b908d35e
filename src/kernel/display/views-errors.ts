/**
 * Errors as data: an EngineError shows its code, message and details (config issues as a table keyed by
 * path); a ZodError shows each issue with its key path. Nothing is parsed out of message text.
 */
import { formatUnknown } from './format.js';
import type { EngineErrorLike, ZodErrorLike } from './kinds.js';
import { span, words, type Block, type Span, type View } from './model.js';

/** ['venues', 0, 'url'] → 'venues[0].url'; the empty path is the value itself. */
export function formatPath(path: readonly unknown[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(typeof key === 'symbol' ? key.toString() : key) : `.${String(key)}`;
  }
  return out === '' ? '(root)' : out;
}

interface IssueRow {
  readonly path: string;
  readonly expected: string;
  readonly received: string;
  readonly message: string;
}

function issuesTable(issues: readonly IssueRow[]): Block {
  const hasExpected = issues.some((i) => i.expected !== '');
  const hasReceived = issues.some((i) => i.received !== '');
  const columns = [
    { label: 'path', align: 'left' as const },
    ...(hasExpected ? [{ label: 'expected', align: 'left' as const }] : []),
    ...(hasReceived ? [{ label: 'received', align: 'left' as const }] : []),
    { label: 'message', align: 'left' as const },
  ];
  const rows = issues.map((i): Span[] => [
    span(i.path, 'neutral', { strong: true }),
    ...(hasExpected ? [span(i.expected, 'ok')] : []),
    ...(hasReceived ? [span(i.received, 'bad')] : []),
    span(i.message),
  ]);
  return { kind: 'table', columns, rows };
}

const optional = (v: unknown): string => (v === undefined ? '' : formatUnknown(v));

/** `details.issues` as the config layer writes it: [{ path, expected, received, message }]. */
function engineIssues(value: unknown): IssueRow[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.map((raw: unknown) => {
    const i = (typeof raw === 'object' && raw !== null ? raw : { message: raw }) as Record<string, unknown>;
    const path = Array.isArray(i.path) ? formatPath(i.path) : i.path === undefined ? '(root)' : formatUnknown(i.path);
    return { path, expected: optional(i.expected), received: optional(i.received), message: optional(i.message) };
  });
}

export function engineErrorView(e: EngineErrorLike): View {
  const details: Readonly<Record<string, unknown>> = e.details ?? {};
  const issues = engineIssues(details.issues);
  const rest = Object.entries(details).filter(([k, v]) => v !== undefined && !(k === 'issues' && issues !== undefined));
  const blocks: Block[] = [
    words(span('EngineError', 'bad', { strong: true }), span(e.code, 'bad', { strong: true })),
    words(span(e.message)),
  ];
  if (issues !== undefined && issues.length > 0) blocks.push(issuesTable(issues));
  if (rest.length > 0) {
    blocks.push({ kind: 'fields', fields: rest.map(([label, v]) => ({ label, value: [span(formatUnknown(v), 'muted')] })) });
  }
  return { subject: 'EngineError', blocks };
}

export function zodErrorView(e: ZodErrorLike): View {
  const rows = e.issues.map((i) => ({
    path: formatPath(i.path),
    expected: optional(i.expected),
    received: optional(i.received),
    message: i.message,
  }));
  return {
    subject: 'ZodError',
    blocks: [
      words(span('ZodError', 'bad', { strong: true }), span(`${rows.length} ${rows.length === 1 ? 'issue' : 'issues'}`, 'bad')),
      issuesTable(rows),
    ],
  };
}
