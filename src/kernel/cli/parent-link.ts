/**
 * `keel node run` started by an isolated session (`createSession({ isolation: 'process' })`) has an IPC
 * channel to it. Through it the node tells the session its control URL, hears `stop` (the session's
 * normal end) and `detach` (keep running without the session), and notices the session is gone: the
 * channel closes on any death of the parent (SIGKILL and OOM included, which run no handler of the
 * parent's), so the dead-man's switch needs no polling. Without the channel (a deployed node) nothing
 * of this applies.
 */

/** Why the node stops, as its log says. */
export type ParentStop = 'session-stop' | 'parent-gone';

export interface ParentLink {
  /** Resolves when the session asks for a stop or is gone (not after a detach). */
  readonly stop: Promise<ParentStop>;
  announce(url: string): void;
  /** Close the channel so the process can end (an open channel keeps it alive). */
  close(): void;
}

type Message = { type?: unknown };

export function parentLink(): ParentLink | undefined {
  if (typeof process.send !== 'function' || !process.connected) return undefined;
  let detached = false;
  let resolveStop: (why: ParentStop) => void = () => undefined;
  const stop = new Promise<ParentStop>((r) => { resolveStop = r; });
  process.on('message', (m: Message) => {
    if (m?.type === 'detach') detached = true;
    else if (m?.type === 'stop') resolveStop('session-stop');
  });
  process.on('disconnect', () => {
    if (!detached) resolveStop('parent-gone');
  });
  return {
    stop,
    announce(url) {
      if (process.connected) process.send?.({ type: 'control', url });
    },
    close() {
      if (process.connected) process.disconnect();
    },
  };
}
