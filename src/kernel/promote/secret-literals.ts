/**
 * Credentials written into a cell as string literals. `promote` writes the cells' source into
 * `strategy.ts`, a file meant to be committed and deployed; a key typed into a notebook must not
 * travel with it. Two signs, either enough (the engine's own test, shared with config errors): the
 * literal is bound to a credential-like name (apiKey, API_TOKEN, password, ...) and is not a short
 * word, or the literal itself looks like a generated key. Only names and positions are reported,
 * never the value.
 */
import type * as TS from 'typescript';
import { isCredentialName, looksLikeKey } from '../../engine/config/index.js';
import { ts } from '../eval/typescript.js';

export type SecretReason = 'a string literal named like a credential' | 'a string literal that looks like an API key (long, random)';

export interface SecretLiteral {
  /** The name it is bound to (const, field, property, parameter), or undefined for a bare literal. */
  readonly name: string | undefined;
  /** 1-based line in the cell. */
  readonly line: number;
  readonly reason: SecretReason;
}

/** A named literal shorter than this is a word (a sort key, a column), not a credential. */
const NAMED_MIN_LENGTH = 8;

export function secretLiterals(stmt: TS.Node, sf: TS.SourceFile): SecretLiteral[] {
  const found: SecretLiteral[] = [];
  const visit = (n: TS.Node): void => {
    if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) {
      const name = boundName(n);
      const reason = judge(n.text, name);
      if (reason) found.push({ name, line: sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1, reason });
      return;
    }
    // Module specifiers are paths, not values.
    if (ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) return;
    ts.forEachChild(n, visit);
  };
  visit(stmt);
  return found;
}

function judge(value: string, name: string | undefined): SecretReason | undefined {
  if (name !== undefined && isCredentialName(name) && value.length >= NAMED_MIN_LENGTH && !/\s/.test(value)) {
    return 'a string literal named like a credential';
  }
  if (looksLikeKey(value)) return 'a string literal that looks like an API key (long, random)';
  return undefined;
}

function boundName(literal: TS.Node): string | undefined {
  const p = literal.parent;
  if (!p) return undefined;
  const text = (n: TS.Node | undefined): string | undefined =>
    n && (ts.isIdentifier(n) || ts.isStringLiteral(n) || ts.isPrivateIdentifier(n)) ? n.text : undefined;
  if ((ts.isVariableDeclaration(p) || ts.isPropertyDeclaration(p) || ts.isParameter(p) || ts.isBindingElement(p)) && p.initializer === literal) return text(p.name);
  if (ts.isPropertyAssignment(p) && p.initializer === literal) return text(p.name);
  if (ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.EqualsToken && p.right === literal) {
    return ts.isPropertyAccessExpression(p.left) ? p.left.name.text : text(p.left);
  }
  return undefined;
}
