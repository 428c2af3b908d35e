import type { PersistenceConfig } from '../config/trading-node-config.js';
import type { Persistence } from '../persistence/persistence.js';
import { JournalPersistence } from '../persistence/journal-persistence.js';
import { MemoryPersistence } from '../persistence/memory-persistence.js';
import { RedisPersistence } from '../persistence/redis-persistence.js';

/** The store a node's config names; a Redis that does not answer is REDIS_UNREACHABLE naming the URL. */
export async function openPersistence(p: PersistenceConfig, traderId: string): Promise<Persistence> {
  switch (p.kind) {
    case 'memory':
      return new MemoryPersistence();
    case 'journal':
      return JournalPersistence.open(p.dir);
    case 'redis':
      return RedisPersistence.open({ url: p.url, traderId, eventsMaxLen: p.eventsMaxLen });
    default: {
      const never: never = p;
      throw new Error(`unknown persistence ${String((never as { kind: unknown }).kind)}`);
    }
  }
}
