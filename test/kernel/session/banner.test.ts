import { afterEach, expect, it } from 'vitest';
import { createSession, type Session } from '../../../src/kernel/index.js';
import { sessionBanner } from '../../../src/kernel/session/banner.js';
import { stubFactory } from './stub-node.js';

let session: Session | undefined;
afterEach(async () => {
  await session?.stop();
});

it('the banner says what is live and how to get help', async () => {
  const factory = stubFactory();
  session = await createSession({ createNode: factory.create });

  const text = sessionBanner(session, { colors: false, replaySpeed: 600, readyMs: 412.4 }).replace(session.venue.url, 'ws://127.0.0.1:PORT');

  expect(text).toMatchInlineSnapshot(`
    "keel live trading REPL (TypeScript cells; ready in 412 ms)
      venue           embedded sandbox at ws://127.0.0.1:PORT, replaying BTC perpetual 1-minute bars at 600x
      instruments     BTCUSDT-PERP.SIM
      node            RUNNING in this process (inline: a busy cell delays it), shutdown policy 'cancel'
      reconciliation  ok (startup): 0 orders, 0 fills, 0 positions, 0 events applied
      in scope        node, venue, keel, Strategy, live, chart, equity, riskUsageOf, promote, until, display, session, EmaCrossBracket
      try             node.addStrategy(new EmaCrossBracket({ manageContingentOrders: true })) then .orders
      help            .help for commands, Tab to complete, Ctrl+C interrupts a cell, .exit stops the node
    "
  `);
});

it('the banner is coloured only when asked', async () => {
  const factory = stubFactory();
  session = await createSession({ createNode: factory.create });

  expect(sessionBanner(session, { colors: true })).toMatch(/\x1b\[1mkeel\x1b\[0m/);
  expect(sessionBanner(session, { colors: false })).not.toMatch(/\x1b/);
});
