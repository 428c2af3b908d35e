/** `.halt [reason]` / `.resume` over a real session (embedded venue, live TradingNode). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession, type Session } from '../../../src/kernel/index.js';
import { driveSessionRepl, type DrivenSessionRepl } from '../session/drive-session-repl.js';

let session: Session;
let r: DrivenSessionRepl;

beforeAll(async () => {
  session = await createSession({ replaySpeed: 600, configSource: 'repl' });
  r = await driveSessionRepl(session);
}, 30_000);

afterAll(async () => {
  await session?.stop();
});

describe('.halt and .resume', () => {
  it('.halt REASON halts the node (audited as repl), a second .halt is refused, .resume trades again', { timeout: 30_000 }, async () => {
    const halted = await r.send('.halt desk check');
    const state = await r.send('[node.tradingState, node.riskEngine.tradingStateReason]');
    const again = await r.send('.halt');
    const resumed = await r.send('.resume');
    const after = await r.send("node.configChanges.filter((c) => c.target === 'tradingState').map((c) => [c.source, c.changes.find((d) => d.key === 'tradingState').after])");
    const badArg = await r.send('.resume now');

    expect(halted).toContain('tradingState');
    expect(halted).toContain('HALTED');
    expect(state).toContain("[ 'HALTED', 'desk check' ]");
    expect(again).toContain('INVALID_STATE_TRANSITION');
    expect(resumed).toContain('ACTIVE');
    expect(after).toContain("[ [ 'repl', 'HALTED' ], [ 'repl', 'ACTIVE' ] ]");
    expect(badArg).toContain("expected no argument, received 'now'");
    expect(await r.send('node.tradingState')).toContain("'ACTIVE'");
  });
});
