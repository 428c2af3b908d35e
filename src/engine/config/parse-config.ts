import { z } from 'zod';
import { EngineError } from '../core/errors.js';
import { closestKey } from './closest-key.js';
import { credentialValues, isCredentialName, looksLikeKey, REDACTED } from './secret-values.js';

export interface ConfigIssue {
  /** Dotted key path, e.g. `execEngine.qsize` or `venues.0.url`; '(root)' for the config itself. */
  readonly path: string;
  readonly expected: string;
  /** The received value, rendered (`-5 (number)`, `'abc' (string)`, `missing`; a secret as `<redacted> (string, N characters)`). */
  readonly received: string;
  /** The whole line: `path: expected X, received Y`. */
  readonly message: string;
}

/** zod's own default messages start like this; anything else is one of our expectation phrases. */
const ZOD_DEFAULT_MESSAGE = /^(Invalid|Too (small|big)|Unrecognized|Expected)/;

/**
 * Validate a config at the edge. Returns the parsed value with defaults filled, or throws
 * `EngineError('CONFIG_INVALID')` whose message lists every problem on its own line
 * (`key.path: expected X, received Y`) and whose `details.issues` holds them as data.
 */
export function parseConfig<S extends z.ZodType>(schema: S, input: unknown, name: string): z.output<S> {
  const result = schema.safeParse(input === undefined ? {} : input);
  if (result.success) return result.data;
  // Secrets are never echoed: what sits under a credential-like key, what looks like a key, and any
  // credential given in this input showing up in another (wrong) field.
  const secrets = credentialValues(input);
  const issues = result.error.issues.flatMap((issue) => describeIssue(schema, input, issue, secrets));
  const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
  throw new EngineError('CONFIG_INVALID', [`invalid ${name} (${count}):`, ...issues.map((i) => i.message)].join('\n'), {
    config: name,
    issues,
  });
}

/** Like `parseConfig`, but returns the issues instead of throwing (REPL validation as you type). */
export function checkConfig<S extends z.ZodType>(schema: S, input: unknown, name: string):
  { ok: true; value: z.output<S> } | { ok: false; error: EngineError } {
  try {
    return { ok: true, value: parseConfig(schema, input, name) };
  } catch (error) {
    if (error instanceof EngineError) return { ok: false, error };
    throw error;
  }
}

type Issue = z.core.$ZodIssue;

function describeIssue(schema: z.ZodType, input: unknown, issue: Issue, secrets: ReadonlySet<string>): ConfigIssue[] {
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeys(schema, path);
    // A typo gets one suggestion; only a key nothing resembles gets the list of what exists.
    const expected = (key: string): string => {
      if (!known) return 'no such key';
      const near = closestKey(key, known);
      return near ? `no such key; did you mean '${near}'?` : `no such key (known keys: ${known.join(', ')})`;
    };
    return issue.keys.map((key) => line([...path, key], expected(key), render(valueAt(input, [...path, key]), [...path, key], secrets)));
  }
  return [line(path, expectation(issue), render(valueAt(input, path), path, secrets))];
}

function isSecret(value: string, key: string | undefined, secrets: ReadonlySet<string>): boolean {
  return (key !== undefined && isCredentialName(key)) || looksLikeKey(value) || secrets.has(value);
}

function line(path: readonly string[], expected: string, received: string): ConfigIssue {
  const p = path.length === 0 ? '(root)' : path.join('.');
  return { path: p, expected, received, message: `${p}: expected ${expected}, received ${received}` };
}

function expectation(issue: Issue): string {
  if (!ZOD_DEFAULT_MESSAGE.test(issue.message)) return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      return TYPE_WORDS[issue.expected] ?? `a ${issue.expected}`;
    case 'invalid_value':
      return `one of ${issue.values.map((v) => (typeof v === 'string' ? `'${v}'` : String(v))).join(', ')}`;
    case 'too_small':
      return `a value ${issue.inclusive === false ? '>' : '>='} ${String(issue.minimum)}`;
    case 'too_big':
      return `a value ${issue.inclusive === false ? '<' : '<='} ${String(issue.maximum)}`;
    case 'invalid_union':
      return 'options' in issue && Array.isArray((issue as { options?: unknown[] }).options)
        ? `one of ${((issue as unknown as { options: unknown[] }).options).map((v) => `'${String(v)}'`).join(', ')}`
        : 'one of the allowed shapes';
    default:
      return issue.message;
  }
}

const TYPE_WORDS: Record<string, string> = {
  number: 'a number',
  int: 'an integer',
  string: 'a string',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  record: 'an object',
};

function valueAt(input: unknown, path: readonly string[]): unknown {
  let v: unknown = input;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

function render(value: unknown, path: readonly string[], secrets: ReadonlySet<string>): string {
  if (value === undefined) return 'nothing (missing)';
  if (value === null) return 'null';
  const key = path.at(-1);
  if (typeof value === 'string' && isSecret(value, key, secrets)) return `${REDACTED} (string, ${value.length} characters)`;
  if (key !== undefined && isCredentialName(key) && typeof value !== 'object') return `${REDACTED} (${typeof value})`;
  if (typeof value === 'string') return `'${value}' (string)`;
  if (typeof value === 'bigint') return `${value}n (bigint)`;
  if (typeof value === 'object') {
    let text: string;
    try {
      text = JSON.stringify(value, (k, v: unknown) =>
        typeof v === 'bigint' ? `${v}n`
        : typeof v === 'string' && isSecret(v, k === '' ? undefined : k, secrets) ? REDACTED
        : k !== '' && isCredentialName(k) && (typeof v === 'number' || typeof v === 'boolean') ? REDACTED
        : v);
    } catch {
      text = Object.prototype.toString.call(value);
    }
    if (text.length > 80) text = `${text.slice(0, 77)}...`;
    return `${text} (${Array.isArray(value) ? 'array' : 'object'})`;
  }
  return `${String(value)} (${typeof value})`;
}

/** The keys an object schema allows at `path` (unwrapping defaults, optionals, arrays), if it is one. */
function knownKeys(schema: z.ZodType, path: readonly string[]): string[] | undefined {
  let s: unknown = schema;
  for (const key of path) {
    s = unwrap(s);
    const def = defOf(s);
    if (def?.type === 'object') s = (def.shape as Record<string, unknown>)[key];
    else if (def?.type === 'array') s = def.element;
    else if (def?.type === 'record') s = def.valueType;
    else return undefined;
  }
  const def = defOf(unwrap(s));
  return def?.type === 'object' ? Object.keys(def.shape as object) : undefined;
}

function defOf(s: unknown): Record<string, unknown> & { type?: string } | undefined {
  return (s as { def?: Record<string, unknown> & { type?: string } } | undefined)?.def;
}

function unwrap(s: unknown): unknown {
  for (let def = defOf(s); def && ['default', 'prefault', 'optional', 'nullable', 'readonly'].includes(def.type ?? ''); def = defOf(s)) {
    s = def.innerType;
  }
  return s;
}
