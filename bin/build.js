#!/usr/bin/env node
// Compiles src/ into dist/ (tsconfig.build.json) and stamps the finished build for bin/dist.js.
// `--if-possible` (the install hook): a failed build prints one line and exits 0, so `npm install`/`npm ci`
// still succeed and the front ends keep starting from the TypeScript sources; a build that is already fresh
// is kept (`npm pack` runs prepack, which builds, and then prepare).
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, rmSync, utimesSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ROOT, STAMP, distStatus } from './dist.js';

const ifPossible = process.argv.includes('--if-possible');
if (ifPossible && process.env.KEEL_FROM_SOURCE === undefined && distStatus().fresh) process.exit(0);

function fail(message) {
  if (ifPossible) {
    process.stderr.write(`keel: build skipped (${message}); keel will start from TypeScript sources, more slowly\n`);
    process.exit(0);
  }
  process.stderr.write(`keel: build failed: ${message}\n`);
  process.exit(1);
}

// The start time, not the end: a source saved during the compile must make this build stale.
const started = new Date();
// Removed first: a failed build must not leave an old stamp vouching for half-written output, and files of
// deleted sources must not linger.
rmSync(STAMP, { force: true });
rmSync(path.join(ROOT, 'dist', 'src'), { recursive: true, force: true });

let tsc;
try {
  tsc = createRequire(path.join(ROOT, 'package.json')).resolve('typescript/bin/tsc');
} catch {
  fail('typescript is not installed');
}
const result = spawnSync(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.build.json')], { cwd: ROOT, stdio: 'inherit' });
if (result.error) fail(result.error.message);
if (result.status !== 0) fail(`tsc exited ${result.status ?? result.signal}`);

mkdirSync(path.dirname(STAMP), { recursive: true });
closeSync(openSync(STAMP, 'w'));
utimesSync(STAMP, started, started);
