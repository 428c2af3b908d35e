import { afterEach, describe, expect, it } from 'vitest';
import { createSession, type Session } from '../../../src/kernel/index.js';
import { driveSessionRepl } from '../session/drive-session-repl.js';
import { order, stubFactory } from '../session/stub-node.js';

const sessions: Session[] = [];
afterEach(async () => {
  for (const s of sessions.splice(0)) await s.stop();
});

async function repl() {
  const factory = stubFactory();
  const session = await createSession({ createNode: factory.create });
  sessions.push(session);
  return { node: factory.node(), r: await driveSessionRepl(session) };
}

const T = 1_700_000_000_000n * 1_000_000n;
const filled = (id: string, side: 'BUY' | 'SELL', minute: number, px: string) => order(id, {
  side, type: 'MARKET', status: 'FILLED', isOpen: false,
  events: [{ type: 'OrderFilled', tsEvent: T + BigInt(minute) * 60_000_000_000n, lastQty: '1', lastPx: px }],
} as never);

describe('.chart and .equity (stub node)', () => {
  it('.chart INSTRUMENT draws the fills as a text chart with a fills legend; .chart alone picks the only instrument', async () => {
    const { r, node } = await repl();
    node.orders.push(filled('O-1', 'BUY', 0, '100'), filled('O-2', 'SELL', 5, '104'));

    const out = await r.send('.chart BTCUSDT-PERP.SIM');

    expect(out).toContain('BTCUSDT-PERP.SIM · fill prices (no market data seen) · 2 fills');
    expect(out).toContain('▲ 22:13:20 BUY 1 @ 100 (O-1)');
    expect(out).toContain('▼ 22:18:20 SELL 1 @ 104 (O-2)');
    expect(await r.send('.chart')).toContain('BTCUSDT-PERP.SIM · fill prices');
  });

  it('.chart with no instrument known says so; two instruments is a coded refusal', async () => {
    const { r } = await repl();
    expect(await r.send('.chart')).toContain('no market data or orders yet');
    expect(await r.send('.chart A.SIM B.SIM')).toContain('COMMAND_ARGUMENT_INVALID');
  });

  it('.equity draws realized PnL from the fills', async () => {
    const { r, node } = await repl();
    node.orders.push(filled('O-1', 'BUY', 0, '100'), filled('O-2', 'SELL', 5, '104'));
    const out = await r.send('.equity');
    expect(out).toContain('realized PnL (from fills) · 3 points');
    expect(out).toContain('now 4');
  });

  it('completion after .chart offers the instruments and the options', async () => {
    const { r, node } = await repl();
    node.orders.push(filled('O-1', 'BUY', 0, '100'));
    const [matches] = await r.complete('.chart BTC');
    expect(matches).toEqual(['BTCUSDT-PERP.SIM']);
    const [words] = await r.complete('.chart q');
    expect(words).toEqual(['quotes']);
  });
});
