/**
 * A REPL session over an attached node (`keel attach URL`): the same evaluator and dot-commands as a
 * local session, with `node` the remote mirror. Stopping it detaches: the deployed node keeps running and
 * its orders stay as they are. There is no venue in this process (`.venue` says so).
 */
import { EngineError } from '../../engine/index.js';
import { createEvaluator } from '../eval/index.js';
import type { Session } from '../session.js';
import { CellHistory } from '../session/cell-history.js';
import { SessionLog } from '../session/session-log.js';
import { buildStopReport, type StopReport } from '../session/stop-report.js';
import type { RemoteNode } from './attach.js';
import { createLive, type LiveNode } from '../live/index.js';

export function createAttachedSession(node: RemoteNode, options: { cwd?: string } = {}): Session {
  const inner = createEvaluator(options.cwd !== undefined ? { cwd: options.cwd } : {});
  const history = new CellHistory();
  const log = new SessionLog();
  const noVenue = (): never => {
    throw new EngineError('ATTACH_UNSUPPORTED', `expected a venue in this process, received an attached node (${node.url}): the venue is the deployed node's`, { url: node.url });
  };
  let stopped = false;
  // The mirror republishes the node's events on its own bus, so the live views redraw as over a local node.
  const live = createLive(node as unknown as LiveNode);
  const globals: Record<string, unknown> = { node, live, chart: live.charts.chart, equity: live.charts.equity };
  const session = {
    node,
    venue: { get url() { return noVenue(); }, stats: noVenue },
    evaluator: {
      async evaluate(code: string, o?: Parameters<typeof inner.evaluate>[1]) {
        history.begin(code);
        try {
          const r = await inner.evaluate(code, o);
          history.record(code, r.declared, true);
          return r;
        } catch (e) {
          history.record(code, [], false);
          throw e;
        }
      },
      isComplete: (c: string) => inner.isComplete(c),
      complete: (c: string, p: number) => inner.complete(c, p),
      inspect: (c: string, p: number) => inner.inspect(c, p),
      setGlobal: (n: string, v: unknown) => inner.setGlobal(n, v),
      getGlobal: (n: string) => inner.getGlobal(n),
    },
    get history() { return history.entries; },
    globals,
    live,
    demoStrategy: { name: '', cls: undefined },
    log,
    shutdownPolicy: 'leave',
    ownsVenue: false,
    startupMs: 0,
    cellNodes: [],
    get stopped() { return stopped; },
    sourceOf: (name: string) => history.sourceOf(name),
    async stop(): Promise<StopReport> {
      // Detach only: the node's orders are its own, so the report says they were left working.
      const orders = node.cache.orders().map((o) => ({ clientOrderId: o.clientOrderId, status: o.status, isOpen: o.isOpen }));
      live.stopAll();
      await node.detach();
      stopped = true;
      return buildStopReport({ policy: 'leave', ordersBefore: orders, ordersAfter: orders, positionsBefore: [], positionsAfter: [], venueStopped: false });
    },
  };
  inner.setGlobal('node', node);
  // node.addStrategy / replaceStrategy ship classes from this session's cells.
  node.useSession({ get history() { return history.entries; }, globals });
  inner.setGlobal('live', live);
  return session as unknown as Session;
}
