/**
 * What stopping a session did, as a value the REPL prints and a notebook shows: computed by comparing
 * the node's open orders and positions before and after `node.stop()` (which applies the policy), so
 * the report says what actually happened, not what was asked for.
 */
import type { ShutdownPolicy } from './live-node.js';

export interface OrderSnapshotRef {
  readonly clientOrderId: string;
  readonly status: string;
  readonly isOpen: boolean;
}

export interface PositionSnapshotRef {
  readonly id: string;
  readonly isOpen: boolean;
  readonly quantity: string;
}

export interface StopReport {
  readonly kind: 'SessionStopReport';
  readonly policy: ShutdownPolicy;
  /** Orders open before the stop and canceled by it. */
  readonly ordersCanceled: readonly string[];
  /** Orders still working at the venue after the stop (the 'leave' policy, or a cancel that failed). */
  readonly ordersLeftWorking: readonly string[];
  /** Orders open before that ended some other way during the stop (filled, rejected, ...). */
  readonly ordersOtherwiseClosed: readonly string[];
  readonly positionsClosed: readonly string[];
  readonly positionsLeftOpen: readonly string[];
  readonly venueStopped: boolean;
  /** Set when stopping the node failed; the session still released what it could. */
  readonly error?: string;
  /** The nodes the session's cells created, each stopped by its own shutdown policy (`nodeId` is its traderId). */
  readonly cellNodes?: readonly CellNodeStopReport[];
}

export interface CellNodeStopReport extends Omit<StopReport, 'kind' | 'cellNodes' | 'venueStopped'> {
  readonly nodeId: string;
}

export interface StopReportInput {
  readonly policy: ShutdownPolicy;
  readonly ordersBefore: readonly OrderSnapshotRef[];
  readonly ordersAfter: readonly OrderSnapshotRef[];
  readonly positionsBefore: readonly PositionSnapshotRef[];
  readonly positionsAfter: readonly PositionSnapshotRef[];
  readonly venueStopped: boolean;
  readonly error?: string;
}

export function buildStopReport(input: StopReportInput): StopReport {
  const orderAfter = new Map(input.ordersAfter.map((o) => [o.clientOrderId, o]));
  const positionAfter = new Map(input.positionsAfter.map((p) => [p.id, p]));
  const ordersCanceled: string[] = [];
  const ordersLeftWorking: string[] = [];
  const ordersOtherwiseClosed: string[] = [];
  for (const before of input.ordersBefore.filter((o) => o.isOpen)) {
    const after = orderAfter.get(before.clientOrderId) ?? before;
    if (after.isOpen) ordersLeftWorking.push(before.clientOrderId);
    else if (after.status === 'CANCELED') ordersCanceled.push(before.clientOrderId);
    else ordersOtherwiseClosed.push(before.clientOrderId);
  }
  const positionsClosed: string[] = [];
  const positionsLeftOpen: string[] = [];
  for (const before of input.positionsBefore.filter((p) => p.isOpen)) {
    const after = positionAfter.get(before.id) ?? before;
    (after.isOpen ? positionsLeftOpen : positionsClosed).push(before.id);
  }
  return {
    kind: 'SessionStopReport',
    policy: input.policy,
    ordersCanceled,
    ordersLeftWorking,
    ordersOtherwiseClosed,
    positionsClosed,
    positionsLeftOpen,
    venueStopped: input.venueStopped,
    ...(input.error !== undefined ? { error: input.error } : {}),
  };
}

const count = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** One paragraph for the terminal: what the policy was and what it did. */
export function describeStopReport(r: StopReport): string {
  const parts = [
    `${count(r.ordersCanceled.length, 'order')} canceled`,
    `${count(r.ordersLeftWorking.length, 'order')} left working`,
    `${count(r.positionsClosed.length, 'position')} closed`,
    `${count(r.positionsLeftOpen.length, 'position')} left open`,
  ];
  if (r.ordersOtherwiseClosed.length > 0) parts.push(`${count(r.ordersOtherwiseClosed.length, 'order')} closed otherwise`);
  const lines = [`Node stopped (shutdown policy '${r.policy}'): ${parts.join(', ')}.`];
  if (r.ordersLeftWorking.length > 0) lines.push(`  still working at the venue: ${r.ordersLeftWorking.join(', ')}`);
  if (r.positionsLeftOpen.length > 0) lines.push(`  still open: ${r.positionsLeftOpen.join(', ')}`);
  if (r.error !== undefined) lines.push(`  stopping the node failed: ${r.error}`);
  for (const n of r.cellNodes ?? []) {
    lines.push(`Node ${n.nodeId} (created in a cell) stopped (shutdown policy '${n.policy}'): ${count(n.ordersCanceled.length, 'order')} canceled, ${count(n.ordersLeftWorking.length, 'order')} left working.`);
    if (n.ordersLeftWorking.length > 0) lines.push(`  still working at the venue: ${n.ordersLeftWorking.join(', ')}`);
    if (n.error !== undefined) lines.push(`  stopping it failed: ${n.error}`);
  }
  lines.push(r.venueStopped ? 'Embedded venue stopped.' : 'Venue left running (not owned by this session).');
  return lines.join('\n');
}
