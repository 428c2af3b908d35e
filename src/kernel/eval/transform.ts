/**
 * Turns one TypeScript cell into a script that `vm.Script` can run in the host's global scope:
 *
 *   1. `ts.transpileModule` strips types (no type-check), with `verbatimModuleSyntax` so an import whose
 *      bindings are only used in LATER cells is kept rather than elided as unused.
 *   2. The JavaScript is rewritten statement by statement:
 *      - top-level `const`/`let`/`var`/`class` become assignments to names hoisted as `var` at script top
 *        level: `var` bindings live on `globalThis`, so later cells see them and re-running a cell
 *        re-declares cleanly (a script-level `const`/`class` would throw "already been declared");
 *      - function declarations move to script top level (already redeclarable there);
 *      - static imports become `await import()` destructuring, specifiers resolved by the caller;
 *      - the body runs inside an async arrow (top-level await), returning the last expression.
 *   3. Every `await x` the user wrote (nested functions included) becomes `await __keelAwait(x, cell)`:
 *      the checkpoint that lets a microtask spin be interrupted (checkpoint.ts).
 */
import type * as TS from 'typescript';
import { ts } from './typescript.js';
import { CHECKPOINT_NAME } from './checkpoint.js';
import { EvalSyntaxError } from './errors.js';

export interface TransformedCell {
  /** Script text for `vm.Script`; evaluates to a Promise of `{ value, hasValue }`. */
  readonly script: string;
  /** Names the cell declared at top level, in source order. */
  readonly declared: readonly string[];
}

/** Rewrites an import specifier into what `import()` should load (bare `keel`, relative paths). */
export type SpecifierResolver = (specifier: string) => string;

const COMPILER_OPTIONS: TS.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleDetection: ts.ModuleDetectionKind.Force,
  verbatimModuleSyntax: true,
  experimentalDecorators: false,
  sourceMap: false,
  inlineSourceMap: false,
};

export function transformCell(code: string, cellName: string, resolve: SpecifierResolver): TransformedCell {
  const source = wrapObjectLiteral(code);
  const output = ts.transpileModule(source, {
    compilerOptions: COMPILER_OPTIONS,
    fileName: `${cellName}.ts`,
    reportDiagnostics: true,
  });
  const diagnostic = output.diagnostics?.find((d) => d.category === ts.DiagnosticCategory.Error);
  if (diagnostic) throw syntaxErrorFrom(diagnostic, source, cellName);
  return rewrite(checkpointAwaits(output.outputText, cellName), code, resolve);
}

/**
 * `await x` → `await __keelAwait(x, "cell-N")`, by insertions only (so nested awaits compose: the inner
 * one is rewritten inside the outer one's argument). `x` is a unary expression, valid as an argument.
 */
function checkpointAwaits(js: string, cellName: string): string {
  const sf = ts.createSourceFile('cell.js', js, ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS);
  const inserts: { at: number; text: string }[] = [];
  const close = `, ${JSON.stringify(cellName)})`;
  const visit = (node: TS.Node): void => {
    if (ts.isAwaitExpression(node)) {
      inserts.push({ at: node.expression.getStart(sf), text: `${CHECKPOINT_NAME}(` });
      inserts.push({ at: node.expression.end, text: close });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  if (inserts.length === 0) return js;
  // From the end, so earlier positions stay valid; two closes at one position are the same text.
  inserts.sort((a, b) => b.at - a.at);
  let out = js;
  for (const { at, text } of inserts) out = out.slice(0, at) + text + out.slice(at);
  return out;
}

/** `{ a: 1 }` typed alone is meant as an object, not a block (node's REPL does the same). */
function wrapObjectLiteral(code: string): string {
  const trimmed = code.trim();
  if (!trimmed.startsWith('{') || trimmed.endsWith(';')) return code;
  const wrapped = `(${trimmed})`;
  const probe = ts.createSourceFile('probe.ts', wrapped, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const ok = parseDiagnostics(probe).length === 0 && probe.statements.length === 1 && ts.isExpressionStatement(probe.statements[0]!);
  return ok ? wrapped : code;
}

/** The parser's own diagnostics; not in the public typings but stable across TypeScript 5.x. */
export function parseDiagnostics(sf: TS.SourceFile): readonly TS.DiagnosticWithLocation[] {
  return (sf as unknown as { parseDiagnostics?: TS.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
}

export function syntaxErrorFrom(d: TS.Diagnostic, source: string, cellName: string): EvalSyntaxError {
  const start = d.start ?? source.length;
  const sf = d.file ?? ts.createSourceFile(`${cellName}.ts`, source, ts.ScriptTarget.ES2022);
  const { line, character } = sf.getLineAndCharacterOfPosition(start);
  return new EvalSyntaxError(ts.flattenDiagnosticMessageText(d.messageText, '\n'), line + 1, character + 1, cellName);
}

function rewrite(js: string, original: string, resolve: SpecifierResolver): TransformedCell {
  const sf = ts.createSourceFile('cell.js', js, ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS);
  const hoisted: string[] = [];
  const functions: string[] = [];
  const body: string[] = [];
  const statements = sf.statements.filter((s) => !isEmptyExport(s));
  let hasValue = false;

  statements.forEach((stmt, index) => {
    const text = (node: TS.Node) => js.slice(node.getStart(sf), node.end);
    const isLast = index === statements.length - 1;
    if (ts.isImportDeclaration(stmt)) {
      body.push(rewriteImport(stmt, text, hoisted, resolve));
    } else if (ts.isFunctionDeclaration(stmt)) {
      if (stmt.name) hoisted.push(stmt.name.text);
      functions.push(stripExport(text(stmt)));
    } else if (ts.isClassDeclaration(stmt) && stmt.name) {
      hoisted.push(stmt.name.text);
      body.push(`${stmt.name.text} = ${stripExport(text(stmt))};`);
    } else if (ts.isVariableStatement(stmt)) {
      body.push(rewriteVariables(stmt, text, hoisted));
    } else if (ts.isExportDeclaration(stmt) || ts.isExportAssignment(stmt)) {
      // `export { x }` in a cell names things already in scope: nothing to run.
      if (ts.isExportAssignment(stmt) && isLast) {
        body.push(`return { value: (${text(stmt.expression)}), hasValue: true };`);
        hasValue = true;
      }
    } else if (isLast && ts.isExpressionStatement(stmt)) {
      body.push(`return { value: (${text(stmt.expression)}), hasValue: true };`);
      hasValue = true;
    } else {
      body.push(text(stmt));
    }
  });
  if (!hasValue) body.push('return { value: undefined, hasValue: false };');

  const unique = [...new Set(hoisted)];
  // Emit helpers (`__esDecorate`, ...) are hoisted too but are not the user's names.
  const declared = unique.filter((name) => !name.startsWith('__') || original.includes(name));
  const head = unique.length > 0 ? `var ${unique.join(', ')};\n` : '';
  const script = `${head}${functions.join('\n')}\n(async () => {\n${body.join('\n')}\n})()`;
  return { script, declared };
}

function isEmptyExport(stmt: TS.Statement): boolean {
  return ts.isExportDeclaration(stmt) && !stmt.moduleSpecifier && !!stmt.exportClause
    && ts.isNamedExports(stmt.exportClause) && stmt.exportClause.elements.length === 0;
}

function stripExport(text: string): string {
  return text.replace(/^export\s+(default\s+)?/, '');
}

function rewriteVariables(stmt: TS.VariableStatement, text: (n: TS.Node) => string, hoisted: string[]): string {
  const isVar = (stmt.declarationList.flags & ts.NodeFlags.BlockScoped) === 0;
  const parts: string[] = [];
  for (const decl of stmt.declarationList.declarations) {
    hoisted.push(...bindingNames(decl.name));
    if (decl.initializer) {
      parts.push(`(${text(decl.name)} = ${text(decl.initializer)})`);
    } else if (!isVar && ts.isIdentifier(decl.name)) {
      // `let x;` re-run resets x, as a fresh declaration would.
      parts.push(`(${decl.name.text} = undefined)`);
    }
  }
  return parts.length > 0 ? `void (${parts.join(', ')});` : '';
}

function bindingNames(name: TS.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  const names: string[] = [];
  for (const element of name.elements) {
    if (ts.isBindingElement(element)) names.push(...bindingNames(element.name));
  }
  return names;
}

function rewriteImport(
  stmt: TS.ImportDeclaration,
  text: (n: TS.Node) => string,
  hoisted: string[],
  resolve: SpecifierResolver,
): string {
  const specifier = (stmt.moduleSpecifier as TS.StringLiteral).text;
  const load = `await import(${JSON.stringify(resolve(specifier))})`;
  const clause = stmt.importClause;
  if (!clause) return `${load};`;
  const parts: string[] = [];
  const temp = `__keelImport`;
  if (clause.name) {
    hoisted.push(clause.name.text);
    parts.push(`${clause.name.text} = ${temp}.default`);
  }
  const bindings = clause.namedBindings;
  if (bindings && ts.isNamespaceImport(bindings)) {
    hoisted.push(bindings.name.text);
    parts.push(`${bindings.name.text} = ${temp}`);
  } else if (bindings) {
    for (const el of bindings.elements) {
      hoisted.push(el.name.text);
      const imported = el.propertyName ? text(el.propertyName) : el.name.text;
      const key = imported.startsWith('"') || imported.startsWith("'") ? `[${imported}]` : `.${imported}`;
      parts.push(`${el.name.text} = ${temp}${key}`);
    }
  }
  return `{ const ${temp} = ${load}; ${parts.join('; ')}; }`;
}
