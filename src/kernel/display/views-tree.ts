/**
 * A contingent order family as a tree: entries at the top, OTO children under them, OCO/OUO peers
 * named on each node, then the position line and, in red, an UNPROTECTED flag when the position's
 * protective orders are all gone.
 */
import type { ContingentOrderTree } from '../../engine/index.js';
import { statusTone } from './format.js';
import { span, words, type Block, type LinkKind, type Span, type TreeNode, type View } from './model.js';

/** A tree's node and link, named from the public tree type (the engine's own names are internal). */
type OrderTreeNode = ContingentOrderTree['roots'][number];
type OrderTreeLink = ContingentOrderTree['links'][number];

function nodeSpans(n: OrderTreeNode): Span[] {
  const out: Span[] = [span(n.clientOrderId, 'neutral', { strong: true })];
  const push = (s: Span): void => {
    if (s.text !== '') out.push(span(' '), s);
  };
  push(span(n.role === 'ORDER' ? '' : n.role, 'muted'));
  push(span(`${n.side} ${n.type} ${n.quantity}`));
  push(span(n.price !== undefined ? `@ ${n.price}` : ''));
  push(span(n.triggerPrice !== undefined ? `trigger ${n.triggerPrice}` : ''));
  push(span(n.status, statusTone(n.status), { strong: true }));
  push(span(/^0*(\.0*)?$/.test(n.filledQty) ? '' : `filled ${n.filledQty}/${n.quantity}`, 'ok'));
  return out;
}

function toTreeNode(n: OrderTreeNode, parentId: string | undefined, links: readonly OrderTreeLink[]): TreeNode {
  let via: LinkKind | undefined;
  const peers: { kind: LinkKind; other: string }[] = [];
  for (const l of links) {
    if (l.to === n.clientOrderId && l.from === parentId) {
      via = l.kind;
      continue;
    }
    if (l.from === n.clientOrderId && n.children.some((c) => c.clientOrderId === l.to)) continue; // shown as the child's `via`
    const other = l.from === n.clientOrderId ? l.to : l.to === n.clientOrderId ? l.from : undefined;
    if (other !== undefined && !peers.some((p) => p.kind === l.kind && p.other === other)) peers.push({ kind: l.kind, other });
  }
  return {
    spans: nodeSpans(n),
    ...(via !== undefined ? { via } : {}),
    peers,
    children: n.children.map((c) => toTreeNode(c, n.clientOrderId, links)),
  };
}

export function orderTreeView(t: ContingentOrderTree): View {
  const blocks: Block[] = [
    words(
      span(t.orderListId !== undefined ? `Order list ${t.orderListId}` : 'Order family', 'neutral', { strong: true }),
      span(t.instrumentId),
      span(t.strategyId, 'muted'),
    ),
    { kind: 'tree', roots: t.roots.map((r) => toTreeNode(r, undefined, t.links)) },
  ];
  if (t.position !== undefined) {
    const p = t.position;
    blocks.push(
      words(
        span('position', 'muted'),
        span(p.id, 'neutral', { strong: true }),
        span(`${p.side} ${p.quantity}`),
        span(p.isOpen ? 'open' : 'closed', p.isOpen ? 'neutral' : 'muted'),
      ),
    );
  }
  if (t.unprotected) {
    blocks.push(
      words(
        span('UNPROTECTED', 'bad', { strong: true, alert: true }),
        span(t.unprotectedReason ?? 'open position without protective orders', 'bad'),
      ),
    );
  }
  return { subject: 'ContingentOrderTree', blocks };
}
