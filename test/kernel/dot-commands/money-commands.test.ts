/** `.portfolio`, `.risk` and `.account` over a real session (embedded venue, the node in its own process). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession, type Session } from '../../../src/kernel/index.js';
import { driveSessionRepl, type DrivenSessionRepl } from '../session/drive-session-repl.js';

let session: Session;
let r: DrivenSessionRepl;

beforeAll(async () => {
  session = await createSession({ replaySpeed: 600, configSource: 'repl' });
  r = await driveSessionRepl(session, { statusPrompt: true });
}, 60_000);

afterAll(async () => {
  await session?.stop();
});

// One line: the REPL reads a multi-line class line by line.
const BUYER = "class Buyer extends keel.Strategy { done = false; onStart() { this.subscribeBars('BTCUSDT-PERP.SIM-1-MINUTE-LAST'); } onBar(bar: any) { if (this.done) return; this.done = true; this.submitOrder(this.orderFactory.market({ instrumentId: bar.instrumentId, side: 'BUY', quantity: keel.Quantity.from('0.010') })); } }";

describe('.portfolio, .risk and .account (isolated node)', () => {
  it('.portfolio shows the position the node bought; .risk the limits and the state, HALTED with its reason after .halt', { timeout: 60_000 }, async () => {
    expect(await r.send('.portfolio')).toContain('no fills yet');
    await r.send(BUYER);
    await r.send("await node.riskEngine.configure({ maxDailyLoss: { amount: '1000', currency: 'USDT' } }); await node.addStrategy(new Buyer({ orderIdTag: '001' }))");
    await r.send("await until('the portfolio to hold BTC', () => node.portfolio.summary().instruments.some((i) => i.netQty === '0.010'), 30_000)");

    const portfolio = await r.send(".portfolio");
    const active = await r.send('.risk');
    await r.send('.halt desk check');
    const halted = await r.send('.risk');
    const viaHelper = await r.send('riskUsageOf(node).tradingState');
    const curve = await r.send('.equity');
    await r.send('.resume');

    expect(portfolio).toMatch(/BTCUSDT-PERP\.SIM\s+0\.010\s+\d+\.\d+/);
    expect(portfolio).toMatch(/USDT\s+.*USDT/);
    expect(portfolio).toContain("day's PnL");
    expect(active).toContain('Risk ACTIVE');
    expect(active).toMatch(/submit rate\s+\d+ in 1000 ms\s+\d+/);
    expect(active).toMatch(/daily loss USDT\s+[\d.]+\s+1000\s+[█░]{10} \d+%/);
    expect(halted).toContain('Risk HALTED desk check');
    expect(viaHelper).toContain("'HALTED'");
    expect(curve).toMatch(/equity USDT \(portfolio\) · \d+ points/);
  });

  it('the prompt shows the trading state and the day PnL: [HALTED ±x USDT] keel> after .halt, the PnL alone after .resume', { timeout: 30_000 }, async () => {
    const halted = await r.send('.halt prompt check');
    const resumed = await r.send('.resume');

    expect(halted).toMatch(/\n\[HALTED [+-]\d+\.\d+ USDT\] keel> $/);
    expect(resumed).toMatch(/\n\[[+-]\d+\.\d+ USDT\] keel> $/);
  });

  it('the loss circuit breaker trips on the next mark past a small maxDailyLoss, and the session says so loudly', { timeout: 60_000 }, async () => {
    await r.send("await node.riskEngine.configure({ maxDailyLoss: { amount: '0.01', currency: 'USDT' } })");
    const waited = await r.send("await until('the breaker to halt the node', () => node.tradingState === 'HALTED', 30_000)");
    await r.send("await until('the notice', () => session.log.entries.some((e) => e.msg.startsWith('LOSS CIRCUIT BREAKER TRIPPED')), 5_000)");
    const risk = await r.send('.risk');

    expect(waited).toMatch(/'the breaker to halt the node'\n\[HALTED [+-][\d.]+ USDT\] keel> $/);
    const notice = session.log.entries.find((e) => e.msg.startsWith('LOSS CIRCUIT BREAKER TRIPPED'))!;
    expect(notice.level).toBe('error');
    expect(notice.msg).toMatch(/^LOSS CIRCUIT BREAKER TRIPPED: trading state ACTIVE -> HALTED \(loss circuit breaker: day PnL -[\d.]+ USDT at or below -0\.01 USDT\); node\.resume\(\) trades again$/);
    expect(risk).toMatch(/Risk HALTED loss circuit breaker: day PnL -[\d.]+ USDT at or below -0\.01 USDT/);
    expect(await r.send('.resume')).toContain('ACTIVE');
  });

  it(".account shows the venue's account as the node holds it: the demo account's currencies, the BTC position's margin", async () => {
    const out = await r.send('.account');

    expect(out).toMatch(/^Account SIM-001 at SIM MARGIN leverage 10 /m);
    expect(out).toMatch(/^USD\s+1000000\s+0\s+1000000$/m);
    expect(out).toMatch(/^USDT\s+[\d.]+\s+[\d.]+\s+[\d.]+$/m);
    expect(out).toMatch(/^BTCUSDT-PERP\.SIM\s+[\d.]+\s+[\d.]+\s+10$/m);
  });

  it('.help lists the three commands', async () => {
    const help = await r.send('.help');
    expect(help).toMatch(/\.portfolio\s+The portfolio/);
    expect(help).toMatch(/\.risk\s+The trading state/);
    expect(help).toMatch(/\.account\s+The venue's account state/);
  });
});
