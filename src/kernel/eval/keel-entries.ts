/**
 * The public entries a cell or a promoted strategy file imports by bare specifier, mapped to the very
 * modules this host runs (src/*.ts under tsx, dist/src/*.js compiled), so a class made in a cell is the
 * host's own class. Resolved by file location rather than by package self-reference: that would follow
 * package.json's `exports` and pick dist/ (possibly stale) whenever node runs without `--conditions=development`.
 */
const EXT = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
const at = (srcPath: string): string => new URL(`../../${srcPath}.${EXT}`, import.meta.url).href;

export const KEEL_ENTRIES: Readonly<Record<string, string>> = {
  keel: at('engine/index'),
  'keel/testing': at('engine/testing'),
  'keel/sandbox': at('sandbox/index'),
  'keel/kernel': at('kernel/index'),
};

/** The module URL of a keel entry (`keel`, `keel/testing`, ...), or undefined for any other specifier. */
export function keelEntryUrl(specifier: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(KEEL_ENTRIES, specifier) ? KEEL_ENTRIES[specifier] : undefined;
}
