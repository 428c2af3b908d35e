import type { Logger } from '../core/logger.js';

/**
 * An unexpected exception in the live engine: the node must not go on trading in an unknown state, so it
 * stops. With `gracefulShutdownOnException` that is all; otherwise the error is logged and, once stopped,
 * the host's `onFatal` decides what the process does (the engine never exits it).
 */
export function stopOnFatal(error: unknown, graceful: boolean, stop: () => Promise<void>, logger: Logger, hostOnFatal?: (error: unknown) => void): void {
  const stopped = (): Promise<void> => stop().catch((e: unknown) => logger.error('stop after a fatal error failed', { error: String(e) }));
  if (graceful) return void stopped();
  logger.error('the node stopped after an unexpected error', { error: error instanceof Error ? error.message : String(error) });
  void stopped().then(() => hostOnFatal?.(error));
}
