/**
 * The known key a typo most likely meant: the nearest by edit distance (case-insensitive), if it is
 * near enough to be a typo (at most a third of the key's length, and at least 3 edits allowed).
 */
export function closestKey(typed: string, known: readonly string[]): string | undefined {
  const a = typed.toLowerCase();
  let best: { key: string; d: number } | undefined;
  for (const key of known) {
    const d = editDistance(a, key.toLowerCase());
    if (best === undefined || d < best.d) best = { key, d };
  }
  const allowed = Math.max(3, Math.floor(typed.length / 3));
  return best !== undefined && best.d <= allowed ? best.key : undefined;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}
