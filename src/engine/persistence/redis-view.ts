import type { Instrument } from '../model/instruments.js';
import { stateView, type StateView } from './open-journal.js';
import { RedisPersistence } from './redis-persistence.js';

export interface RedisView extends StateView {
  readonly kind: 'RedisView';
  readonly url: string;
  readonly traderId: string;
}

/**
 * A trader id's state in Redis, read once (orders, positions, lists rebuilt as the node has them): what
 * `openJournal` is for a journal folder. Reading writes nothing; safe while the node runs.
 */
export async function openRedisView(url: string, traderId: string, options: { readonly instruments?: Iterable<Instrument> } = {}): Promise<RedisView> {
  const store = await RedisPersistence.open({ url, traderId });
  try {
    const state = await store.load();
    return { kind: 'RedisView', url, traderId, ...stateView(state, options.instruments) };
  } finally {
    await store.close();
  }
}
