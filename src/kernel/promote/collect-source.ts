import { EngineError } from '../../engine/index.js';
import { parseCell, type CellStatement } from './cell-statements.js';

export interface CellLike {
  readonly index: number;
  readonly source: string;
  readonly ok: boolean;
}

export interface CollectedSource {
  /** The module text: imports, then the needed declarations in cell order, then the export. */
  readonly text: string;
  /** Cells the module was taken from. */
  readonly cells: readonly number[];
  /** Names carried along (helpers, constants, imports). */
  readonly carried: readonly string[];
}

/**
 * Gather the TypeScript a class needs from the cells that defined it: its own declaration, and, by the
 * names it uses, the helper functions, classes, constants, types and imports those cells declared, as
 * written. Session globals become imports from 'keel' when they are keel's own exports; anything else
 * the class leans on that only exists in the running notebook (the `node`, the `venue`, a `let`, a value
 * computed with `await`) cannot be carried and is refused with the name and the cell.
 */
export function collectSource(className: string, cells: readonly CellLike[], globals: Readonly<Record<string, unknown>>, keel: Readonly<Record<string, unknown>>): CollectedSource {
  const statements = cells.filter((c) => c.ok).flatMap((c) => parseCell(c.source, c.index));
  const latest = new Map<string, CellStatement>();
  for (const s of statements) for (const name of s.declared) latest.set(name, s);

  const root = latest.get(className);
  if (!root || root.kind !== 'class') {
    throw new EngineError('PROMOTE_SOURCE_UNKNOWN', `promote: expected a class ${className} declared in a cell of this session, received ${root ? `a ${root.kind} declaration` : 'no cell declaring it'} (classes imported from modules are promoted by importing them in a cell)`, {
      className,
    });
  }
  const included = new Set<CellStatement>([root]);
  const keelImports = new Set<string>();
  let keelNamespace = false;
  const carried: string[] = [];
  const queue: Array<{ name: string; from: CellStatement }> = [...root.uses].map((name) => ({ name, from: root }));
  const seen = new Set<string>([className]);
  while (queue.length > 0) {
    const { name, from } = queue.shift()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const decl = latest.get(name);
    if (decl) {
      refuseIfState(name, decl, from);
      if (!included.has(decl)) {
        included.add(decl);
        carried.push(name);
        for (const u of decl.uses) queue.push({ name: u, from: decl });
      }
      continue;
    }
    if (Object.prototype.hasOwnProperty.call(globals, name)) {
      const value = globals[name];
      if (value === keel) keelNamespace = true;
      else if (keel[name] !== undefined && keel[name] === value) keelImports.add(name);
      else {
        throw new EngineError('PROMOTE_NOTEBOOK_STATE', `promote: ${className} uses '${name}' (cell ${from.cell}), which only exists in this session; expected the class to depend on code it can carry (its own cells, imports, keel), received a session object`, {
          className, name, cell: from.cell,
        });
      }
    }
    // Anything else is a JavaScript global or a TypeScript lib type (Math, Date, Record...).
  }
  const ordered = [...included].sort((a, b) => a.cell - b.cell || a.order - b.order);
  refuseSecrets(className, ordered);
  const imports = ordered.filter((s) => s.kind === 'import');
  const body = ordered.filter((s) => s.kind !== 'import');
  const head: string[] = [];
  if (keelNamespace && !imports.some((s) => s.specifier === 'keel' && s.declared.includes('keel'))) head.push("import * as keel from 'keel';");
  if (keelImports.size > 0) head.push(`import { ${[...keelImports].sort().join(', ')} } from 'keel';`);
  const exportLine = root.exported ? [] : [`export { ${className} };`];
  const text = [
    `// The ${className} strategy as defined in the session's cells ${[...new Set(ordered.map((s) => s.cell))].join(', ')}, promoted by keel.`,
    ...head,
    ...imports.map((s) => s.text),
    '',
    ...body.map((s) => `${s.text}\n`),
    ...exportLine,
    '',
  ].join('\n');
  return { text, cells: [...new Set(ordered.map((s) => s.cell))], carried };
}

function refuseIfState(name: string, decl: CellStatement, from: CellStatement): void {
  const why =
    decl.kind === 'let' || decl.kind === 'var' ? `a ${decl.kind} (mutable notebook state)`
    : decl.awaits ? 'a value computed with await when the cell ran'
    : decl.kind === 'other' ? 'a statement that is not a declaration'
    : decl.kind === 'import' && decl.specifier !== undefined && /^\.{1,2}\//.test(decl.specifier) ? `an import relative to the notebook's folder ('${decl.specifier}')`
    : undefined;
  if (why) {
    throw new EngineError('PROMOTE_NOTEBOOK_STATE', `promote: the class needs '${name}' (used in cell ${from.cell}), declared in cell ${decl.cell} as ${why}; expected functions, classes, consts or imports it can carry, received state it cannot`, {
      name, cell: decl.cell, usedIn: from.cell,
    });
  }
}

/**
 * A credential typed into a cell would be committed and deployed with strategy.ts. Refused rather than
 * rewritten to `process.env.X`: a rewrite changes what the class does (an unset variable, a different
 * type) in a file the user has not read yet; the error says which constant to move to the environment.
 */
function refuseSecrets(className: string, statements: readonly CellStatement[]): void {
  for (const s of statements) {
    const hit = s.secrets[0];
    if (!hit) continue;
    const what = hit.name !== undefined ? `'${hit.name}'` : 'a string literal';
    const envName = (hit.name ?? 'SECRET').replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[^A-Za-z0-9]+/g, '_').toUpperCase();
    throw new EngineError('PROMOTE_SECRET_IN_SOURCE', `promote: ${className} needs ${what} (cell ${s.cell}, line ${hit.line}), ${hit.reason}; expected credentials to come from the environment (e.g. process.env.${hit.name !== undefined && /^[A-Z0-9_]+$/.test(hit.name) ? hit.name : envName}), received a literal that would be written into strategy.ts. Nothing was written`, {
      className, name: hit.name, cell: s.cell, line: hit.line, reason: hit.reason,
    });
  }
}

/**
 * A class `keel` itself exports (the demo `EmaCrossBracket`, so a sweep's `best`) has no cell to copy: the
 * deployed node's module re-exports it from `keel`, which `keel node run` maps to the host's own modules.
 * Recognised by identity for a local instance (`constructor`); for a strategy running in the node's process
 * (a handle that only names its class, `constructor` undefined), by a Strategy class keel exports under
 * that name that no cell declares.
 */
export function keelOwnSource(className: string, constructor: unknown, cells: readonly CellLike[], keel: Readonly<Record<string, unknown>>): CollectedSource | undefined {
  const exported = keel[className];
  if (typeof exported !== 'function') return undefined;
  if (constructor !== undefined && constructor !== exported) return undefined;
  if (constructor === undefined) {
    const declared = cells.filter((c) => c.ok).flatMap((c) => parseCell(c.source, c.index)).some((s) => s.kind === 'class' && s.declared.includes(className));
    if (declared || !(exported.prototype instanceof (keel['Strategy'] as new () => unknown))) return undefined;
  }
  return { text: `// The ${className} strategy, keel's own class, promoted by keel.\nexport { ${className} } from 'keel';\n`, cells: [], carried: [] };
}

