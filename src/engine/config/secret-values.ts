/**
 * What counts as a secret when a value is about to be shown (a config error, a promoted source file).
 * Two signs, either enough: it sits under a credential-like name (apiKey, API_TOKEN, password, ...), or
 * the string itself looks like a generated key (long, one token of key characters, letters and digits
 * mixed, high entropy), which is how a secret pasted into the wrong field is still caught.
 */

/** Words of a name that mark a credential, matched as whole words of camelCase / snake_case names. */
const CREDENTIAL_WORDS = new Set(['key', 'apikey', 'secret', 'token', 'password', 'passwd', 'pwd', 'passphrase', 'credential', 'credentials', 'auth', 'bearer', 'privatekey']);
const KEY_LIKE_MIN_LENGTH = 20;
const KEY_CHARS = /^[A-Za-z0-9+/=_-]+$/;
/** Bits per character: random base64/hex keys sit at 3.7–6, words and ids well below. */
const KEY_LIKE_MIN_ENTROPY = 3.5;
/** Shorter credential values are not matched elsewhere in an input: 'k' would redact every 'k'. */
const ECHO_MIN_LENGTH = 6;

export const REDACTED = '<redacted>';

/** `apiSecret`, `API_TOKEN`, `password` are; `apiKeyEnv` (the name of a variable holding one) is not. */
export function isCredentialName(name: string): boolean {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w.toLowerCase());
  if (words.at(-1) === 'env') return false;
  return words.some((w) => CREDENTIAL_WORDS.has(w));
}

export function looksLikeKey(value: string): boolean {
  if (value.length < KEY_LIKE_MIN_LENGTH || !KEY_CHARS.test(value)) return false;
  if (!/[A-Za-z]/.test(value) || !/[0-9]/.test(value)) return false;
  return entropy(value) >= KEY_LIKE_MIN_ENTROPY;
}

/** Every string held under a credential-like key anywhere in `input` (to catch the same value echoed elsewhere). */
export function credentialValues(input: unknown): Set<string> {
  const out = new Set<string>();
  const visit = (v: unknown, depth: number): void => {
    if (v === null || typeof v !== 'object' || depth > 8) return;
    for (const [k, child] of Object.entries(v as Record<string, unknown>)) {
      if (typeof child === 'string' && child.length >= ECHO_MIN_LENGTH && isCredentialName(k)) out.add(child);
      else visit(child, depth + 1);
    }
  };
  visit(input, 0);
  return out;
}

function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}
