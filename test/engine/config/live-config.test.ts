import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MessageBus } from '../../../src/engine/bus/message-bus.js';
import { topics } from '../../../src/engine/bus/switchboard.js';
import type { ConfigChange } from '../../../src/engine/config/config-change.js';
import { ConfigLog } from '../../../src/engine/config/config-log.js';
import { LiveConfig } from '../../../src/engine/config/live-config.js';
import { EngineError } from '../../../src/engine/core/errors.js';
import { MemoryLogger } from '../../../src/engine/core/logger.js';
import { TestClock } from '../../../src/engine/core/test-clock.js';
import { TradingNode } from '../../../src/engine/node.js';
import { createConfigLog } from '../../../src/engine/node/live-config.js';
import { Strategy } from '../../../src/engine/strategy/strategy.js';

const Schema = z.object({ limit: z.number().int().min(0), mode: z.enum(['FAST', 'SLOW']), tags: z.array(z.string()) }).strict();
type Value = z.output<typeof Schema>;

function setup(guard?: (next: Value) => void) {
  const clock = new TestClock(1_000n);
  const published: ConfigChange[] = [];
  const log = new ConfigLog((c) => published.push(c), 'notebook');
  const applied: Value[] = [];
  const live = new LiveConfig<Value>({
    target: () => 'execEngine', idTag: () => 'exec', schema: Schema,
    ...(guard ? { guard } : {}),
    apply: (_before, next) => applied.push(next),
  }, { limit: 5, mode: 'SLOW', tags: [] }, { clock, audit: log });
  return { clock, log, live, published, applied };
}

function thrown(fn: () => unknown): EngineError {
  try {
    fn();
  } catch (e) {
    return e as EngineError;
  }
  throw new Error('expected a throw');
}

describe('LiveConfig', () => {
  it('an unknown key is refused with a "did you mean"; nothing changes, nothing is logged or applied', () => {
    const { live, log, applied } = setup();
    const e = thrown(() => live.change({ limit: 7, limt: 8 }));
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.message).toContain("limt: expected no such key; did you mean 'limit'?");
    expect([live.current, log.changes.length, applied.length]).toEqual([{ limit: 5, mode: 'SLOW', tags: [] }, 0, 0]);
  });

  it('the merged whole is validated: a bad value beside a good one changes nothing', () => {
    const { live, log } = setup();
    const e = thrown(() => live.change({ limit: 9, mode: 'TURBO' }));
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.message).toContain('mode');
    expect([live.current.limit, log.changes.length]).toEqual([5, 0]);
  });

  it("the component's guard refuses last, with its own code; nothing changes", () => {
    const { live, log } = setup((next) => {
      if (next.limit > 100) throw new EngineError('QSIZE_BELOW_QUEUED', `expected a limit <= 100, received ${next.limit}`, {});
    });
    expect(thrown(() => live.change({ limit: 101 })).code).toBe('QSIZE_BELOW_QUEUED');
    expect([live.current.limit, log.changes.length]).toEqual([5, 0]);
  });

  it('diffs only changed keys (sorted), stamps with the clock, holds the value frozen and applies it', () => {
    const { live, clock, applied } = setup();
    clock.advanceTo(2_500n);
    const change = live.change({ mode: 'FAST', limit: 5, tags: ['a'] }, 'repl');
    expect(change).toEqual({
      kind: 'ConfigChange', changeId: 'CC-exec-2500-1', target: 'execEngine', source: 'repl', tsEvent: 2_500n,
      changes: [{ key: 'mode', before: 'SLOW', after: 'FAST' }, { key: 'tags', before: [], after: ['a'] }],
    });
    expect([Object.isFrozen(live.current), applied]).toEqual([true, [{ limit: 5, mode: 'FAST', tags: ['a'] }]]);
  });

  it("a call that names no source gets the log's; a source outside the union is refused", () => {
    const { live, log } = setup();
    expect(live.change({ limit: 6 }).source).toBe('notebook');
    const e = thrown(() => live.change({ limit: 7 }, 'somebody' as never));
    expect([e.code, e.message]).toEqual(['CONFIG_INVALID', "execEngine.configure: expected the source as a non-empty string label (one of 'user', 'repl', 'notebook', 'deployed-node', 'circuit-breaker'), received 'somebody'"]);
    expect([live.current.limit, log.changes.map((c) => c.source)]).toEqual([6, ['notebook']]);
  });

  it("the node's log publishes each change on the bus (system.config-changes), once", () => {
    const bus = new MessageBus(new MemoryLogger());
    const seen: ConfigChange[] = [];
    bus.subscribe<ConfigChange>(topics.configChanges, (c) => seen.push(c));
    const log = createConfigLog(bus, 'repl');
    const live = new LiveConfig<Value>({ target: () => 'riskEngine', idTag: () => 'risk', schema: Schema }, { limit: 1, mode: 'SLOW', tags: [] }, { clock: new TestClock(7n), audit: log });
    const change = live.change({ limit: 2 });
    expect(seen).toEqual([change]);
    expect([topics.configChanges, log.changes]).toEqual(['system.config-changes', [change]]);
  });
});

class Trader extends Strategy<{ fast: number }> {
  static override paramsSchema = z.object({ fast: z.number().int().min(1) }).strict();
}

async function quietNode() {
  const clock = new TestClock(1_000_000n);
  const node = await TradingNode.create({ traderId: 'T-1', venues: [] }, { clock, logger: new MemoryLogger(), persistence: null, configSource: 'notebook' });
  const s = node.addStrategy(new Trader({ orderIdTag: '001', omsType: 'NETTING', params: { fast: 3 } }));
  return { clock, node, s };
}

describe('node.revert through each target\'s LiveConfig', () => {
  it('exec engine, risk engine and a strategy (omsType and params) go back; each undo is audited with revertOf and the clock', async () => {
    const { clock, node, s } = await quietNode();
    const exec = node.execEngine.configure({ inflightCheckThresholdMs: 750 });
    const risk = node.riskEngine.configure({ maxOrderSubmitRate: '5/00:00:01' }, 'repl');
    const strat = s.configure({ omsType: 'HEDGING', params: { fast: 5 } });
    clock.advanceTo(2_000_000n);

    const undone = [node.revert(exec.changeId, 'repl'), node.revert(risk.changeId), node.revert(strat.changeId)];

    expect([node.execEngine.config.inflightCheckThresholdMs, node.riskEngine.config.maxOrderSubmitRate, s.omsType, s.params.fast]).toEqual([5000, '100/00:00:01', 'NETTING', 3]);
    expect(undone.map((c) => [c.target, c.source, c.revertOf, c.tsEvent, c.changes.map((e) => `${e.key}:${String(e.before)}→${String(e.after)}`).join(',')])).toEqual([
      ['execEngine', `repl (revert ${exec.changeId})`, exec.changeId, 2_000_000n, 'inflightCheckThresholdMs:750→5000'],
      ['riskEngine', `notebook (revert ${risk.changeId})`, risk.changeId, 2_000_000n, 'maxOrderSubmitRate:5/00:00:01→100/00:00:01'],
      ['strategy:Trader-001', `notebook (revert ${strat.changeId})`, strat.changeId, 2_000_000n, 'omsType:HEDGING→NETTING,params.fast:5→3'],
    ]);
    expect(node.configChanges.map((c) => c.source)).toEqual(['notebook', 'repl', 'notebook', ...undone.map((c) => c.source)]);
    await node.dispose();
  });

  it('refused when a later change touched the same key, changing nothing; the undo itself is validated', async () => {
    const { node, s } = await quietNode();
    const first = node.riskEngine.configure({ maxOrderSubmitRate: '5/00:00:01' });
    const second = node.riskEngine.configure({ maxOrderSubmitRate: '7/00:00:01' });
    const count = node.configChanges.length;

    const e = thrown(() => node.revert(first.changeId));
    const bad = thrown(() => node.revert(second.changeId, 'cell' as never));

    expect([e.code, e.message]).toEqual(['CONFIG_REVERT_REFUSED', `revert: ${first.changeId} cannot be undone: the later change ${second.changeId} also changed maxOrderSubmitRate of riskEngine; revert ${second.changeId} first`]);
    expect(bad.code).toBe('CONFIG_INVALID');
    expect([node.riskEngine.config.maxOrderSubmitRate, node.configChanges.length, s.omsType]).toEqual(['7/00:00:01', count, 'NETTING']);
    await node.dispose();
  });
});

describe('LiveConfig keys', () => {
  it('every key of the exec-engine, risk and strategy configs has a one-line description from its schema', async () => {
    const { node, s } = await quietNode();
    const targets = [node.execEngine.liveConfig, node.riskEngine.liveConfig, s.liveConfig];

    const undescribed = targets.flatMap((t) => t.keys.filter((k) => k.description === '' || k.description.includes('\n')).map((k) => `${t.target}.${k.key}`));

    expect(undescribed).toEqual([]);
    expect(targets.map((t) => t.keys.length)).toEqual([23, 6, 7]);
    expect(node.riskEngine.liveConfig.keys.find((k) => k.key === 'maxOrderSubmitRate')?.description).toBe("At most this many order submits per interval, as 'COUNT/HH:MM:SS'");
    await node.dispose();
  });
});
