/**
 * Runtime completion and inspection: the values are live (a running node), so names come from the
 * objects themselves rather than from types. Only plain property chains (`a.b.c`) are followed, never
 * calls, so completing cannot start or stop anything.
 */
import type { Completion } from './types.js';

const KEYWORDS = [
  'await', 'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do',
  'else', 'enum', 'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in',
  'instanceof', 'interface', 'let', 'new', 'null', 'return', 'super', 'switch', 'this', 'throw', 'true',
  'try', 'type', 'typeof', 'undefined', 'var', 'void', 'while', 'yield',
];

/** `node.execEngine.con` before the cursor → chain ['node', 'execEngine'], partial 'con'. */
const CHAIN_AT_END = /((?:[A-Za-z_$][\w$]*\s*\??\.\s*)*)([A-Za-z_$][\w$]*)?$/;
const IDENT_CHAR = /[\w$]/;

export const DOC_SYMBOL = Symbol.for('keel.doc');

interface ChainAt {
  readonly chain: string[];
  readonly partial: string;
  readonly start: number;
}

function chainBefore(code: string, cursorPos: number): ChainAt | null {
  const before = code.slice(0, cursorPos);
  const match = CHAIN_AT_END.exec(before);
  if (!match) return null;
  const partial = match[2] ?? '';
  const chain = (match[1] ?? '').split(/\s*\??\.\s*/).filter((s) => s.length > 0);
  // A chain must not hang off something we cannot evaluate safely (`foo().`, `a[0].`, `'s'.`).
  const preceding = before.slice(0, match.index).trimEnd();
  if (chain.length > 0 && /[)\]'"`]$/.test(preceding)) return null;
  if (chain.length === 0 && /\.\s*$/.test(preceding)) return null;
  return { chain, partial, start: cursorPos - partial.length };
}

/** Follows `a.b.c` from the global scope; not found when any link is missing or its getter throws. */
export function resolveChain(chain: readonly string[]): { found: boolean; value: unknown } {
  let value: unknown = globalThis;
  for (const key of chain) {
    if (value === null || value === undefined) return { found: false, value: undefined };
    try {
      const obj = Object(value) as Record<string, unknown>;
      if (!(key in obj)) return { found: false, value: undefined };
      value = obj[key];
    } catch {
      return { found: false, value: undefined };
    }
  }
  return { found: true, value };
}

/** Every string key reachable on the value, own and inherited, except Object.prototype's. */
export function propertyNames(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  const names = new Set<string>();
  let obj: object | null = typeof value === 'object' || typeof value === 'function' ? (value as object) : Object(value);
  while (obj && obj !== Object.prototype) {
    for (const name of Object.getOwnPropertyNames(obj)) names.add(name);
    obj = Object.getPrototypeOf(obj);
  }
  return [...names].filter((n) => n !== 'constructor' && !/^\d+$/.test(n));
}

export function completeAt(code: string, cursorPos: number): Completion {
  const at = chainBefore(code, cursorPos);
  if (!at) return { matches: [], cursorStart: cursorPos, cursorEnd: cursorPos };
  let candidates: string[];
  if (at.chain.length === 0) {
    candidates = [...propertyNames(globalThis), ...KEYWORDS];
  } else {
    const { found, value } = resolveChain(at.chain);
    candidates = found ? propertyNames(value) : [];
  }
  const showPrivate = at.partial.startsWith('_');
  const matches = [...new Set(candidates)]
    .filter((n) => n.startsWith(at.partial) && (showPrivate || !n.startsWith('_')))
    .sort();
  return { matches, cursorStart: at.start, cursorEnd: cursorPos };
}

/** The chain the cursor sits on, extended over the rest of the identifier under it. */
function chainAround(code: string, cursorPos: number): string[] | null {
  let end = cursorPos;
  while (end < code.length && IDENT_CHAR.test(code[end]!)) end++;
  const at = chainBefore(code, end);
  if (!at || at.partial === '') return null;
  return [...at.chain, at.partial];
}

export function inspectAt(code: string, cursorPos: number): string | null {
  const chain = chainAround(code, cursorPos);
  if (!chain) return null;
  const { found, value } = resolveChain(chain);
  if (!found) return null;
  return describe(chain.join('.'), value);
}

function describe(name: string, value: unknown): string {
  const doc = docOf(value);
  if (doc) return `${name}: ${doc}`;
  if (typeof value === 'function') {
    const source = Function.prototype.toString.call(value);
    if (source.startsWith('class')) return `${name}: class ${value.name || '(anonymous)'}${keysLine(value.prototype)}`;
    const params = /^[^(]*\(([^)]*)\)/.exec(source)?.[1]?.replace(/\s+/g, ' ').trim() ?? '';
    return `${name}: function ${value.name || '(anonymous)'}(${params})`;
  }
  if (value === null || typeof value !== 'object') return `${name}: ${value === null ? 'null' : typeof value} = ${String(value)}`;
  const ctor = (value as { constructor?: { name?: string } }).constructor?.name ?? 'Object';
  return `${name}: ${ctor}${keysLine(value)}`;
}

function docOf(value: unknown): string | null {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return null;
  const doc = (value as Record<symbol, unknown>)[DOC_SYMBOL];
  if (typeof doc === 'string') return doc;
  if (typeof doc === 'function') {
    const text: unknown = doc.call(value);
    return typeof text === 'string' ? text : null;
  }
  return null;
}

function keysLine(value: unknown): string {
  const keys = propertyNames(value);
  if (keys.length === 0) return '';
  const shown = keys.filter((k) => !k.startsWith('_')).slice(0, 12);
  return ` { ${shown.join(', ')}${keys.length > shown.length ? ', …' : ''} }`;
}
