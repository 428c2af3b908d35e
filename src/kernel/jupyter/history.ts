/**
 * The cells run so far in this kernel, answering history_request (tail, range, search) the way
 * IPython does: entries are [session, line, input] or [session, line, [input, output]].
 */
export const SESSION_NUMBER = 1;

export interface HistoryEntry {
  readonly line: number;
  readonly input: string;
  output: string | null;
}

export interface HistoryQuery {
  readonly hist_access_type?: unknown;
  readonly output?: unknown;
  readonly n?: unknown;
  readonly session?: unknown;
  readonly start?: unknown;
  readonly stop?: unknown;
  readonly pattern?: unknown;
  readonly unique?: unknown;
}

type Row = [number, number, string | [string, string | null]];

/** Glob as in IPython's sqlite GLOB: `*` any run, `?` one character, the whole input must match. */
function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[\\s\\S]*').replace(/\?/g, '[\\s\\S]');
  return new RegExp(`^${body}$`);
}

export class CellHistory {
  private readonly entries: HistoryEntry[] = [];

  get all(): readonly HistoryEntry[] {
    return this.entries;
  }

  add(entry: HistoryEntry): void {
    this.entries.push(entry);
  }

  query(q: HistoryQuery): Row[] {
    const withOutput = q.output === true;
    const n = typeof q.n === 'number' ? q.n : undefined;
    let picked: HistoryEntry[];
    switch (q.hist_access_type) {
      case 'tail':
        picked = n === undefined ? [...this.entries] : this.entries.slice(Math.max(0, this.entries.length - n));
        break;
      case 'range': {
        // Session 0 (or absent) means "this session", as in IPython; other sessions are not kept.
        const session = typeof q.session === 'number' ? q.session : 0;
        if (session !== 0 && session !== SESSION_NUMBER) { picked = []; break; }
        const start = typeof q.start === 'number' ? q.start : 1;
        const stop = typeof q.stop === 'number' ? q.stop : Number.POSITIVE_INFINITY;
        picked = this.entries.filter((e) => e.line >= start && e.line < stop);
        break;
      }
      case 'search': {
        const re = globToRegExp(typeof q.pattern === 'string' ? q.pattern : '*');
        let found = this.entries.filter((e) => re.test(e.input));
        if (q.unique === true) {
          const lastOf = new Map(found.map((e) => [e.input, e] as const));
          found = found.filter((e) => lastOf.get(e.input) === e);
        }
        picked = n === undefined ? found : found.slice(Math.max(0, found.length - n));
        break;
      }
      default:
        picked = [];
    }
    return picked.map((e) => [SESSION_NUMBER, e.line, withOutput ? [e.input, e.output] : e.input]);
  }
}
