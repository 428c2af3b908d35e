/**
 * What `.config` can reach on a session's node: the exec engine (bare keys, as always), the risk engine
 * (`risk.KEY`) and each strategy (`STRATEGY-ID.KEY`, `STRATEGY-ID.params.NAME`), each with its current
 * value, its keys and their one-line descriptions (from the engine's config schemas).
 */
import type { ConfigChange, ConfigKeyInfo, ConfigSource } from '../../engine/index.js';
import { strategiesOf, type SessionNode } from '../session/live-node.js';

export interface ConfigTargetView {
  /** The prefix before the key: '' for the exec engine, 'risk', or a strategy id. */
  readonly name: string;
  readonly title: string;
  readonly config: Readonly<Record<string, unknown>>;
  readonly keys: readonly ConfigKeyInfo[];
  /** A local node answers now; an attached one (`keel attach`) with a promise of the node's answer. */
  configure(partial: Record<string, unknown>, source: ConfigSource): ConfigChange | Promise<ConfigChange>;
}

type Keyed = { readonly liveConfig?: { readonly keys: readonly ConfigKeyInfo[] } };

/** Keys with descriptions when the engine gives them; else the config's own keys, undescribed. */
function keysOf(target: Keyed, config: Readonly<Record<string, unknown>>): readonly ConfigKeyInfo[] {
  return target.liveConfig?.keys ?? Object.keys(config).map((key) => ({ key, description: '' }));
}

export function configTargets(node: SessionNode): ConfigTargetView[] {
  const exec = node.execEngine;
  const out: ConfigTargetView[] = [{
    name: '', title: 'Exec engine config', config: exec.config, keys: keysOf(exec, exec.config),
    configure: (partial, source) => exec.configure(partial, source),
  }];
  const risk = node.riskEngine;
  if (risk) {
    out.push({ name: 'risk', title: 'Risk engine config', config: risk.config, keys: keysOf(risk, risk.config), configure: (partial, source) => risk.configure(partial, source) });
  }
  for (const s of strategiesOf(node)) {
    const configure = s.configure?.bind(s);
    const config = (s.config ?? {}) as Readonly<Record<string, unknown>>;
    if (configure) out.push({ name: s.id, title: `Strategy ${s.id} config`, config, keys: keysOf(s, config), configure });
  }
  return out;
}

/** `risk.maxOrderSubmitRate` → the risk engine and its key; a bare key is the exec engine's. The longest name wins (ids may hold dots). */
export function resolveConfigKey(targets: readonly ConfigTargetView[], path: string): { target: ConfigTargetView; key: string } | undefined {
  const named = targets.filter((t) => t.name !== '' && (path === t.name || path.startsWith(`${t.name}.`))).sort((a, b) => b.name.length - a.name.length)[0];
  if (named) return { target: named, key: path.slice(named.name.length + 1) };
  const exec = targets.find((t) => t.name === '');
  return exec ? { target: exec, key: path } : undefined;
}

/** The partial a key path and value stand for: `params.fast` 5 → `{ params: { fast: 5 } }`. */
export function partialFor(key: string, value: unknown): Record<string, unknown> {
  const dot = key.indexOf('.');
  return dot > 0 ? { [key.slice(0, dot)]: partialFor(key.slice(dot + 1), value) } : { [key]: value };
}

/** Completion candidates: bare exec keys and target prefixes (`risk.`, `EmaCross-001.`); within a target, its keys. */
export function completeConfigKey(targets: readonly ConfigTargetView[], partial: string): string[] {
  const within = partial.includes('.') ? resolveConfigKey(targets, partial) : undefined;
  if (within && within.target.name !== '') {
    const prefix = `${within.target.name}.`;
    const params = Object.keys((within.target.config['params'] ?? {}) as object).map((p) => `${prefix}params.${p}`);
    return [...within.target.keys.map((k) => `${prefix}${k.key}`), ...params];
  }
  const exec = targets.find((t) => t.name === '');
  return ['undo', ...(exec?.keys.map((k) => k.key) ?? []), ...targets.filter((t) => t.name !== '').map((t) => `${t.name}.`)];
}
