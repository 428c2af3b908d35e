#!/usr/bin/env node
// Writes docs/errors.md from the error-code catalogue (src/engine/core/error-codes.ts). `--check` writes
// nothing and exits 1 when the checked-in page differs from the catalogue (test/engine/core/error-codes.test.ts
// asserts the same).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const { renderErrorsDoc } = await import('../src/engine/core/error-codes-doc.ts');
const target = fileURLToPath(new URL('../docs/errors.md', import.meta.url));
const text = renderErrorsDoc();
if (process.argv.includes('--check')) {
  let current = '';
  try { current = readFileSync(target, 'utf8'); } catch { /* missing counts as stale */ }
  if (current !== text) {
    console.error('docs/errors.md is stale: run npm run docs:errors');
    process.exit(1);
  }
} else {
  writeFileSync(target, text);
  console.log(`wrote ${target}`);
}
