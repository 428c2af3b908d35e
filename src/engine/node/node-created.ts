/**
 * Who made which node. A REPL or notebook session must stop every node its cells created (by each
 * node's own shutdown policy) when the session ends, but a cell calls `TradingNode.create` directly,
 * through the public API, so the session cannot see the call. It listens here instead. The engine
 * only announces; what a listener does with a node is the host's business.
 */
export type NodeCreatedListener<N> = (node: N) => void;

const listeners = new Set<NodeCreatedListener<never>>();

/** Called with every node `TradingNode.create` builds in this process; returns the unsubscribe. */
export function onNodeCreated<N>(listener: NodeCreatedListener<N>): () => void {
  listeners.add(listener as NodeCreatedListener<never>);
  return () => listeners.delete(listener as NodeCreatedListener<never>);
}

export function announceNodeCreated<N>(node: N): void {
  for (const listener of listeners) {
    // A listener's failure must not fail the creation of a node the user asked for.
    try {
      (listener as NodeCreatedListener<N>)(node);
    } catch {
      /* the host reports its own errors */
    }
  }
}
