/**
 * `until(what, cond, timeoutMs?)` in a session's scope: wait for something the node will do (an order
 * accepted, a fill, a reconciliation), checking every 20 ms, and fail saying what did not happen. The
 * notebooks wait this way instead of sleeping a guessed time.
 */
export async function until(what: string, cond: () => boolean, timeoutMs = 20_000): Promise<string> {
  if (typeof what !== 'string' || typeof cond !== 'function') {
    throw new TypeError(`until: expected (what: string, cond: () => boolean, timeoutMs?), received (${typeof what}, ${typeof cond})`);
  }
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return what;
}
