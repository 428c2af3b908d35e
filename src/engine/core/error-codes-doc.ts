import { ERROR_CODES } from './error-codes.js';

/**
 * The text of docs/errors.md, generated from the catalogue (`npm run docs:errors` writes it; a test
 * keeps the checked-in file equal to this, so the page cannot go stale).
 */
export function renderErrorsDoc(): string {
  const rows = Object.entries(ERROR_CODES).map(([code, doc]) => `| \`${code}\` | ${doc.replaceAll('|', '\\|')} |`);
  return [
    '# Error codes',
    '',
    '<!-- Generated from src/engine/core/error-codes.ts by `npm run docs:errors`; do not edit by hand. -->',
    '',
    'Every `EngineError` keel throws carries one of these codes (`error.code`, typed as `ErrorCode`), a message',
    'saying what was expected and what was received, and `details` with the values involved. Codes are',
    'stable: match on the code, never on the message.',
    '',
    '| Code | When |',
    '| --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
