import { describe, expect, it } from 'vitest';
import { CellHistory } from '../../../src/kernel/jupyter/history.js';
import { childOf } from '../../../src/kernel/jupyter/protocol.js';
import { decodeMessage, encodeMessage, Signer } from '../../../src/kernel/jupyter/wire.js';

describe('wire signing', () => {
  it('round-trips a message signed with the shared key, keeping routing identities', () => {
    const signer = new Signer('secret-key');
    const msg = { ...childOf(undefined, 'execute_request', { code: '1 + 1' }, 'S1'), identities: [Buffer.from('client-7')] };

    const decoded = decodeMessage(encodeMessage(msg, signer), signer);

    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.message.header.msg_type).toBe('execute_request');
    expect(decoded.message.content).toEqual({ code: '1 + 1' });
    expect(decoded.message.identities.map((b) => b.toString())).toEqual(['client-7']);
  });

  it('rejects a message signed with another key', () => {
    const msg = childOf(undefined, 'execute_request', { code: 'x' }, 'S1');

    const decoded = decodeMessage(encodeMessage(msg, new Signer('wrong')), new Signer('secret-key'));

    expect(decoded).toEqual({ ok: false, reason: 'BAD_SIGNATURE' });
  });

  it('rejects a message whose content was changed after signing', () => {
    const signer = new Signer('secret-key');
    const frames = encodeMessage(childOf(undefined, 'execute_request', { code: 'a' }, 'S1'), signer);
    frames[frames.length - 1] = Buffer.from(JSON.stringify({ code: 'b' }));

    expect(decodeMessage(frames, signer)).toEqual({ ok: false, reason: 'BAD_SIGNATURE' });
  });
});

describe('cell history', () => {
  const history = new CellHistory();
  history.add({ line: 1, input: '6 * 7', output: '42' });
  history.add({ line: 2, input: 'const a = 1', output: null });
  history.add({ line: 3, input: '6 * 7', output: '42' });

  it('answers tail with the last n cells, with outputs when asked', () => {
    expect(history.query({ hist_access_type: 'tail', n: 2, output: true })).toEqual([
      [1, 2, ['const a = 1', null]],
      [1, 3, ['6 * 7', '42']],
    ]);
  });

  it('answers range as start <= line < stop', () => {
    expect(history.query({ hist_access_type: 'range', session: 1, start: 2, stop: 3 })).toEqual([[1, 2, 'const a = 1']]);
  });

  it('answers a glob search, unique keeping the latest', () => {
    expect(history.query({ hist_access_type: 'search', pattern: '6 ? 7', unique: true })).toEqual([[1, 3, '6 * 7']]);
    expect(history.query({ hist_access_type: 'search', pattern: 'const*' })).toEqual([[1, 2, 'const a = 1']]);
  });
});

describe('DigestHistory (replay refusal)', () => {
  it('refuses a digest it holds and forgets the oldest once full, so memory stays bounded', async () => {
    const { DigestHistory } = await import('../../../src/kernel/jupyter/digest-history.js');
    const history = new DigestHistory(3);

    expect(['a', 'b', 'a', 'c', 'd'].map((d) => history.add(d))).toEqual([true, true, false, true, true]);
    expect(history.length).toBe(3);
    // 'a' was the oldest and is forgotten; 'b', 'c', 'd' are still refused.
    expect(['b', 'c', 'd', 'a'].map((d) => history.add(d))).toEqual([false, false, false, true]);
  });
});
