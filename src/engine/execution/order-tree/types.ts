/**
 * A contingent order family as plain data: an order list (bracket, OTO/OCO/OUO) or the family of one
 * order. Built by `node.orderTree(id)`; rendered by the kernel's display layer.
 */
import type { ContingencyType, OrderSide, OrderStatus, OrderType, PositionSide } from '../../model/enums.js';

export type OrderRole = 'ENTRY' | 'STOP_LOSS' | 'TAKE_PROFIT' | 'ORDER';

export interface OrderTreeNode {
  readonly clientOrderId: string;
  readonly venueOrderId?: string;
  readonly role: OrderRole;
  readonly type: OrderType;
  readonly side: OrderSide;
  readonly quantity: string;
  readonly filledQty: string;
  readonly price?: string;
  readonly triggerPrice?: string;
  readonly status: OrderStatus;
  readonly isOpen: boolean;
  readonly contingencyType: ContingencyType;
  /** Orders whose parent is this one (OTO children). */
  readonly children: readonly OrderTreeNode[];
}

export interface OrderTreeLink {
  readonly from: string;
  readonly to: string;
  readonly kind: 'OTO' | 'OCO' | 'OUO';
}

export interface ContingentOrderTree {
  readonly kind: 'ContingentOrderTree';
  readonly orderListId?: string;
  readonly instrumentId: string;
  readonly strategyId: string;
  /** Top-level orders (entries, or every order of a list without a parent). */
  readonly roots: readonly OrderTreeNode[];
  readonly links: readonly OrderTreeLink[];
  /** The position the family trades, when there is one. */
  readonly position?: { readonly id: string; readonly side: PositionSide; readonly quantity: string; readonly isOpen: boolean };
  /** An open position whose protective orders are all gone. */
  readonly unprotected: boolean;
  readonly unprotectedReason?: string;
}
