/**
 * The answer to a command sent to a node in another process. It is awaited like a promise; when a cell
 * sends a command and never awaits it (`manual.submitOrder(o)` in a loop), a failure is still said on
 * the session's notice line, and it never becomes an unhandled rejection, which would end a REPL (and
 * with it, by the dead-man's switch, the node's orders).
 */
export class CommandAnswer<T> implements Promise<T> {
  readonly [Symbol.toStringTag] = 'Promise';
  private awaited = false;

  constructor(private readonly answer: Promise<T>, what: string, unawaited: (what: string, error: unknown) => void) {
    // Checked a turn later, so an `await` in the same cell step counts as awaited.
    answer.catch((e: unknown) => { setImmediate(() => { if (!this.awaited) unawaited(what, e); }); });
  }

  then<A = T, B = never>(ok?: ((value: T) => A | PromiseLike<A>) | null, ko?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<A | B> {
    this.awaited = true;
    return this.answer.then(ok, ko);
  }

  catch<B = never>(ko?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<T | B> {
    return this.then(undefined, ko);
  }

  finally(f?: (() => void) | null): Promise<T> {
    this.awaited = true;
    return this.answer.finally(f);
  }
}
