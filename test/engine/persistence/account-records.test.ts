import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../src/engine/core/decimal.js';
import type { AccountState } from '../../../src/engine/model/events.js';
import { MemoryPersistence } from '../../../src/engine/persistence/memory-persistence.js';
import { recordFields, recordOfEntry } from '../../../src/engine/persistence/redis-layout.js';
import { stateFromPlain, stateToPlain } from '../../../src/engine/persistence/state.js';
import { decodeValue, encodeValue } from '../../../src/engine/persistence/value-codec.js';

function state(venue: string, usd: string, ts: bigint): AccountState {
  return {
    type: 'AccountState', accountId: `${venue}-001`, venue, accountType: 'MARGIN',
    balances: [{ currency: 'USD', total: Decimal.from(usd), locked: Decimal.from('100.01'), free: Decimal.from(usd).sub(Decimal.from('100.01')) }],
    margins: [{ instrumentId: `AUDUSD.${venue}`, initial: Decimal.from('100.01'), maintenance: Decimal.from('50.005'), leverage: Decimal.from('10') }],
    leverage: Decimal.from('10'), reported: 'PUSHED', tsEvent: ts, tsInit: ts + 1n,
  };
}

describe('account-state records', () => {
  it('memory persistence keeps the latest state per venue; a snapshot (plain JSON) keeps it exactly', async () => {
    const p = new MemoryPersistence();
    p.append([{ kind: 'account-state', state: state('SIM', '1000000', 1n) }, { kind: 'account-state', state: state('SIM', '999999.979998', 2n) }, { kind: 'account-state', state: state('ALT', '5', 3n) }]);
    const loaded = await p.load();
    expect([...loaded.accounts].map(([v, s]) => [v, s.balances[0]!.total.toString(), s.tsEvent])).toEqual([['SIM', '999999.979998', 2n], ['ALT', '5', 3n]]);
    const back = stateFromPlain(decodeValue(encodeValue(stateToPlain(loaded))));
    expect(back.accounts.get('SIM')).toEqual(state('SIM', '999999.979998', 2n));
    // A snapshot written before accounts were journaled has no `accounts`: none restored.
    const { accounts: _a, ...older } = stateToPlain(loaded);
    expect(stateFromPlain(older).accounts.size).toBe(0);
  });

  it('redis: the record is a stream entry named by venue, not published to followers, decoded exactly', () => {
    const f = recordFields({ kind: 'account-state', state: state('SIM', '999999.979998', 2n) });
    expect([f.kind, f.type, f.id, f.publish]).toEqual(['account-state', 'AccountState', 'SIM', false]);
    expect(recordOfEntry(['kind', f.kind, 'data', f.data])).toEqual({ kind: 'account-state', state: state('SIM', '999999.979998', 2n) });
  });
});
