/**
 * Redirects process.stdout/stderr into `stream` messages while a cell runs. console.* looks up
 * `stream.write` at each call, so patching `write` also catches console output and output from
 * timers that fire during the cell.
 */
export type StreamName = 'stdout' | 'stderr';
type Write = typeof process.stdout.write;

export class OutputCapture {
  private readonly pending: Record<StreamName, string> = { stdout: '', stderr: '' };
  private readonly originals: Partial<Record<StreamName, Write>> = {};
  private scheduled = false;

  constructor(private readonly emit: (name: StreamName, text: string) => void) {}

  get active(): boolean {
    return this.originals.stdout !== undefined;
  }

  start(): void {
    if (this.active) return;
    for (const name of ['stdout', 'stderr'] as const) {
      const stream = process[name];
      this.originals[name] = stream.write;
      stream.write = ((chunk: unknown, encoding?: unknown, callback?: unknown) => {
        this.append(name, chunk, typeof encoding === 'string' ? encoding as BufferEncoding : 'utf8');
        const cb = typeof encoding === 'function' ? encoding : callback;
        if (typeof cb === 'function') queueMicrotask(() => (cb as () => void)());
        return true;
      }) as Write;
    }
  }

  /** Sends what was written so far; called before any other output so order is kept. */
  flush(): void {
    for (const name of ['stdout', 'stderr'] as const) {
      const text = this.pending[name];
      if (text === '') continue;
      this.pending[name] = '';
      this.emit(name, text);
    }
  }

  stop(): void {
    this.flush();
    for (const name of ['stdout', 'stderr'] as const) {
      const original = this.originals[name];
      if (original) process[name].write = original;
      delete this.originals[name];
    }
  }

  private append(name: StreamName, chunk: unknown, encoding: BufferEncoding): void {
    this.pending[name] += typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString(encoding);
    // Coalesce a burst of writes (a loop of console.log) into one message per turn of the event loop.
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => { this.scheduled = false; this.flush(); });
  }
}
