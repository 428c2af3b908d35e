/**
 * live.portfolio() and live.risk(): what redraws them (a mirror's portfolio topic, a local node's fills,
 * quotes and config changes), at most twice a second; and over a real local node.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { MessageBus, topics } from '../../../src/engine/bus/index.js';
import type { DisplayOptions, Schedule } from '../../../src/kernel/display/index.js';
import { createLive, type LiveNode } from '../../../src/kernel/live/index.js';
import { PORTFOLIO_TOPIC } from '../../../src/kernel/control/node-streams.js';
import { createSession, type Session } from '../../../src/kernel/index.js';

function fakeScheduler(): { schedule: Schedule; advance: (ms: number) => void } {
  let now = 0;
  let timers: { at: number; fn: () => void; live: boolean }[] = [];
  const schedule: Schedule = (fn, ms) => {
    const t = { at: now + ms, fn, live: true };
    timers.push(t);
    return () => { t.live = false; };
  };
  const advance = (ms: number): void => {
    const end = now + ms;
    for (;;) {
      const due = timers.filter((t) => t.live && t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (due === undefined) break;
      due.live = false;
      now = due.at;
      due.fn();
    }
    now = end;
    timers = timers.filter((t) => t.live);
  };
  return { schedule, advance };
}

function setup() {
  const bus = new MessageBus();
  let day = '0 USDT';
  let state = 'ACTIVE';
  const summary = () => ({ kind: 'PortfolioSummary', instruments: [], currencies: [{ currency: 'USDT', realizedPnl: '0 USDT', unrealizedPnl: day, totalPnl: day, exposure: '0 USDT', dayPnl: day, equity: null, marginUsed: null }], tsEvent: 0n });
  const node = {
    bus,
    cache: { orders: () => [], positions: () => [] },
    orderTree: () => ({}) as never,
    configChanges: [],
    portfolio: { summary },
    get tradingState() { return state; },
    riskUsage: () => ({ kind: 'RiskUsage' as const, tradingState: 'ACTIVE', reason: null, limits: [{ limit: 'submit rate', used: '0 in 1000 ms', max: '100', fraction: 0 }] }),
  };
  const pushes: { value: unknown; options: DisplayOptions }[] = [];
  const clock = fakeScheduler();
  const live = createLive(node as unknown as LiveNode, { schedule: clock.schedule, display: (value, options) => pushes.push({ value, options }) });
  return { bus, pushes, clock, live, setDay: (d: string) => (day = d), setState: (s: string) => (state = s) };
}

const dayOf = (v: unknown): string => (v as { currencies: { dayPnl: string }[] }).currencies[0]!.dayPnl;

describe('live.portfolio() and live.risk()', () => {
  it("live.portfolio redraws on a mirror's portfolio summary and on a local node's quotes, in place", () => {
    const t = setup();
    const view = t.live.portfolio();
    t.clock.advance(600);
    t.setDay('-3.10 USDT');
    t.bus.publish(PORTFOLIO_TOPIC, {});
    t.clock.advance(600);
    t.setDay('-4.00 USDT');
    t.bus.publish(topics.quotes('BTCUSDT-PERP.SIM'), {});

    expect(t.pushes.map((p) => [dayOf(p.value), p.options.update])).toEqual([['0 USDT', false], ['-3.10 USDT', true], ['-4.00 USDT', true]]);
    expect(new Set(t.pushes.map((p) => p.options.displayId))).toEqual(new Set([view.displayId]));
  });

  it('a stream of 100 quotes a second redraws the portfolio at most twice a second', () => {
    const t = setup();
    const view = t.live.portfolio();
    for (let ms = 0; ms < 1000; ms += 10) {
      t.bus.publish(topics.quotes('BTCUSDT-PERP.SIM'), {});
      t.clock.advance(10);
    }
    expect(view.events).toBe(100);
    expect(view.pushes).toBeLessThanOrEqual(3);
  });

  it('live.risk redraws on a config change and shows the trading state the node has now', () => {
    const t = setup();
    t.live.risk();
    t.clock.advance(600);
    t.setState('HALTED');
    t.bus.publish(topics.configChanges, {});

    expect(t.pushes.map((p) => (p.value as { tradingState: string }).tradingState)).toEqual(['ACTIVE', 'HALTED']);
  });
});

describe('live.portfolio() over a real local node', () => {
  let session: Session | undefined;
  afterAll(async () => { await session?.stop(); });

  it('redraws with the position once the node has bought', { timeout: 60_000 }, async () => {
    session = await createSession({ replaySpeed: 600, isolation: 'inline' });
    const pushes: unknown[] = [];
    const view = session.live.portfolio({ display: (value) => { pushes.push(value); } });
    const Buyer = class extends (session.globals['keel'] as typeof import('../../../src/engine/index.js')).Strategy {
      done = false;
      override onStart() { this.subscribeBars('BTCUSDT-PERP.SIM-1-MINUTE-LAST'); }
      override onBar(bar: { instrumentId: string }) {
        if (this.done) return;
        this.done = true;
        const keel = session!.globals['keel'] as typeof import('../../../src/engine/index.js');
        this.submitOrder(this.orderFactory.market({ instrumentId: bar.instrumentId, side: 'BUY', quantity: keel.Quantity.from('0.010') }));
      }
    };
    session.node.addStrategy(new Buyer({ orderIdTag: '001' }));
    const held = (v: unknown) => (v as { instruments?: { netQty: string }[] }).instruments?.some((i) => i.netQty === '0.010') === true;
    const deadline = Date.now() + 30_000;
    while (!pushes.some(held) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));

    expect((pushes[0] as { currencies: unknown[] }).currencies).toEqual([]);
    expect(pushes.some(held)).toBe(true);
    expect(view.pushes).toBeGreaterThanOrEqual(2);
    view.stop();
  });
});
