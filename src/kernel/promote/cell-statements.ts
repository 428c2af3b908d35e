import type * as TS from 'typescript';
import { ts } from '../eval/typescript.js';
import { secretLiterals, type SecretLiteral } from './secret-literals.js';

/** One top-level statement of a cell, with what it declares and which outside names it uses. */
export interface CellStatement {
  readonly cell: number;
  readonly order: number;
  /** The statement as written, with its leading comments. */
  readonly text: string;
  readonly kind: 'import' | 'function' | 'class' | 'const' | 'let' | 'var' | 'type' | 'other';
  readonly declared: readonly string[];
  /** Identifiers used but not declared inside the statement (may be globals, other cells, or lib names). */
  readonly uses: ReadonlySet<string>;
  /** A top-level `await` in it: its value is notebook run-time state. */
  readonly awaits: boolean;
  readonly exported: boolean;
  /** Import statements: the module specifier. */
  readonly specifier?: string;
  /** String literals in it that look like credentials (lines are the cell's). */
  readonly secrets: readonly SecretLiteral[];
}

export function parseCell(source: string, cell: number): CellStatement[] {
  const sf = ts.createSourceFile(`cell-${cell}.ts`, source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  return sf.statements.map((stmt, order) => describe(stmt, sf, cell, order));
}

function describe(stmt: TS.Statement, sf: TS.SourceFile, cell: number, order: number): CellStatement {
  const text = sf.text.slice(stmt.getFullStart(), stmt.end).replace(/^\s*\n/, '').trimEnd();
  const exported = ts.canHaveModifiers(stmt) && (ts.getModifiers(stmt) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  const base = { cell, order, text, exported, uses: freeIdentifiers(stmt), awaits: containsTopLevelAwait(stmt), secrets: secretLiterals(stmt, sf) };
  if (ts.isImportDeclaration(stmt)) {
    const names: string[] = [];
    const clause = stmt.importClause;
    if (clause?.name) names.push(clause.name.text);
    const bindings = clause?.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) names.push(bindings.name.text);
    if (bindings && ts.isNamedImports(bindings)) for (const el of bindings.elements) names.push(el.name.text);
    const specifier = ts.isStringLiteral(stmt.moduleSpecifier) ? stmt.moduleSpecifier.text : '';
    return { ...base, kind: 'import', declared: names, uses: new Set(), specifier };
  }
  if (ts.isFunctionDeclaration(stmt)) return { ...base, kind: 'function', declared: stmt.name ? [stmt.name.text] : [] };
  if (ts.isClassDeclaration(stmt)) return { ...base, kind: 'class', declared: stmt.name ? [stmt.name.text] : [] };
  if (ts.isInterfaceDeclaration(stmt) || ts.isTypeAliasDeclaration(stmt) || ts.isEnumDeclaration(stmt)) {
    return { ...base, kind: 'type', declared: [stmt.name.text] };
  }
  if (ts.isVariableStatement(stmt)) {
    const flags = stmt.declarationList.flags;
    const kind = flags & ts.NodeFlags.Const ? 'const' : flags & ts.NodeFlags.Let ? 'let' : 'var';
    const declared = stmt.declarationList.declarations.flatMap((d) => bindingNames(d.name));
    return { ...base, kind, declared };
  }
  return { ...base, kind: 'other', declared: [] };
}

function bindingNames(name: TS.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  return name.elements.flatMap((el) => (ts.isBindingElement(el) ? bindingNames(el.name) : []));
}

/** An `await` outside any function in the statement. */
function containsTopLevelAwait(node: TS.Node): boolean {
  let found = false;
  const visit = (n: TS.Node): void => {
    if (found) return;
    if (ts.isAwaitExpression(n) || (ts.isForOfStatement(n) && n.awaitModifier)) {
      found = true;
      return;
    }
    if (ts.isFunctionLike(n) || ts.isClassStaticBlockDeclaration(n)) return;
    ts.forEachChild(n, visit);
  };
  visit(node);
  return found;
}

/**
 * Names a statement refers to that it does not declare itself. A simple scope-free approximation:
 * every identifier in a reference position, minus every name declared anywhere inside the statement
 * (parameters, locals, members). Over-removal only matters when an inner local shadows an outer name
 * the class also uses, which the promoted module would then miss and fail loudly on when loaded.
 */
function freeIdentifiers(stmt: TS.Node): Set<string> {
  const used = new Set<string>();
  const declaredInside = new Set<string>();
  const visit = (n: TS.Node): void => {
    if (ts.isIdentifier(n)) {
      if (isReference(n)) used.add(n.text);
      else if (isDeclarationName(n)) declaredInside.add(n.text);
    }
    ts.forEachChild(n, visit);
  };
  visit(stmt);
  for (const d of declaredInside) used.delete(d);
  return used;
}

function isDeclarationName(id: TS.Identifier): boolean {
  const p = id.parent;
  return (
    (ts.isVariableDeclaration(p) || ts.isParameter(p) || ts.isFunctionDeclaration(p) || ts.isFunctionExpression(p) ||
      ts.isClassDeclaration(p) || ts.isClassExpression(p) || ts.isTypeParameterDeclaration(p) || ts.isBindingElement(p) ||
      ts.isInterfaceDeclaration(p) || ts.isTypeAliasDeclaration(p) || ts.isEnumDeclaration(p)) &&
    (p as { name?: TS.Node }).name === id
  );
}

function isReference(id: TS.Identifier): boolean {
  const p = id.parent;
  if (isDeclarationName(id)) return false;
  if (ts.isPropertyAccessExpression(p) && p.name === id) return false;
  if (ts.isQualifiedName(p) && p.right === id) return false;
  if ((ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p) || ts.isMethodDeclaration(p) || ts.isGetAccessorDeclaration(p) ||
    ts.isSetAccessorDeclaration(p) || ts.isPropertySignature(p) || ts.isMethodSignature(p) || ts.isEnumMember(p)) && p.name === id) return false;
  if (ts.isBindingElement(p) && p.propertyName === id) return false;
  if (ts.isLabeledStatement(p) || ts.isBreakOrContinueStatement(p)) return false;
  if (ts.isImportSpecifier(p) || ts.isExportSpecifier(p) || ts.isImportClause(p) || ts.isNamespaceImport(p)) return false;
  return true;
}
