/**
 * What the attached side builds from its mirror so the views of a local node work over a deployed one:
 * the contingent order tree (the engine's own `buildOrderTree`, reading the mirrored records through its
 * narrow `OrderTreeSource`) and a local bus on which the mirror republishes what the node's event stream
 * brings, under the node's own topics, so `live.orders()` and friends redraw as they do locally.
 */
import { MessageBus } from '../../engine/bus/index.js';
import { noopLogger } from '../../engine/core/logger.js';
import { buildOrderTree, type OrderTreeSource } from '../../engine/execution/order-tree/build.js';
import type { ContingentOrderTree } from '../../engine/index.js';

type MirrorRecord = Readonly<Record<string, unknown>>;

export interface MirrorReads {
  orders(): Iterable<MirrorRecord>;
  order(clientOrderId: string): MirrorRecord | undefined;
  position(positionId: string): MirrorRecord | undefined;
}

/** A record with the wire's `null` (absent) read as `undefined`, as the engine's getters answer. */
function asEngineShape(r: MirrorRecord): MirrorRecord {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) if (v !== null) out[k] = v;
  return out;
}

/**
 * The tree of an order list or order from the mirror. The records are plain data of the same field names
 * as the engine's Order and Position (decimals as exact strings, whose `toString` is themselves), which
 * is all the builder reads.
 */
export function mirrorOrderTree(m: MirrorReads, id: string): ContingentOrderTree {
  const source = {
    order: (cid: string) => { const r = m.order(cid); return r && asEngineShape(r); },
    orderList: (listId: string) => {
      const orders = [...m.orders()].filter((o) => o['orderListId'] === listId).map(asEngineShape);
      return orders.length > 0 ? { orderListId: listId, orders } : undefined;
    },
    position: (pid: string) => { const r = m.position(pid); return r && asEngineShape(r); },
  } as unknown as OrderTreeSource;
  return buildOrderTree(source, id);
}

/** The attached side's bus: nothing trades on it, the mirror only republishes the node's events. */
export function mirrorBus(): MessageBus {
  return new MessageBus(noopLogger);
}
