// Whether the compiled build in dist/ can be used instead of transpiling src/ with tsx on every start
// (about a second saved). Shared by bin/keel.js and the kernelspec's launch.js, so plain JavaScript.
//
// The build (bin/build.js) writes dist/.keel-build with the time the compile STARTED: a source saved while
// tsc was running is newer than the stamp, so the build counts as stale rather than silently missing it.
// The check is a stat of every file and folder under src/ (about 250 entries, a few ms); folders count so
// that deleting or renaming a source also makes the build stale.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const STAMP = path.join(ROOT, 'dist', '.keel-build');

/** The newest entry under `dir`: [mtimeMs, path]. */
function newest(dir) {
  let best = [statSync(dir).mtimeMs, dir];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const found = entry.isDirectory() ? newest(full) : [statSync(full).mtimeMs, full];
    if (found[0] > best[0]) best = found;
  }
  return best;
}

/**
 * `{ fresh: true }` when dist/ holds a finished build at least as new as everything in src/; otherwise
 * `{ fresh: false, reason }` with a reason fit for one line on stderr. KEEL_FROM_SOURCE=1 forces the
 * TypeScript sources (reason null: asked for, nothing to explain); KEEL_FROM_SOURCE=0 takes a finished
 * build without the age check (tests of the compiled mode, while others edit src/ in the same tree).
 */
export function distStatus() {
  const forced = process.env.KEEL_FROM_SOURCE;
  if (forced === '1') return { fresh: false, reason: null };
  let built;
  try {
    built = statSync(STAMP).mtimeMs;
  } catch {
    return { fresh: false, reason: 'no compiled build in dist/ (run `npm run build`)' };
  }
  if (forced === '0') return { fresh: true };
  const [mtime, file] = newest(path.join(ROOT, 'src'));
  if (mtime > built) {
    return { fresh: false, reason: `dist/ is older than ${path.relative(ROOT, file)} (run \`npm run build\`)` };
  }
  return { fresh: true };
}

/** URL of a compiled module, from its path under src/ (e.g. 'kernel/cli/main.js'). */
export function distUrl(srcRelative) {
  return pathToFileURL(path.join(ROOT, 'dist', 'src', srcRelative)).href;
}

/** One stderr line saying why this start is slower than it could be. */
export function explainSourceStart(reason) {
  if (reason) process.stderr.write(`keel: starting from TypeScript sources (slower): ${reason}\n`);
}
