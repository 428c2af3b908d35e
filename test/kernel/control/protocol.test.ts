import { describe, expect, it } from 'vitest';
import { ClientFrameSchema, LoginFrameSchema, ServerFrameSchema, decodeJson, encodeFrame } from '../../../src/kernel/control/protocol.js';

describe('control protocol frames', () => {
  it('accepts a signed login and refuses one without a signature', () => {
    const login = { type: 'login', keyId: 'ops', timestamp: '1700000000000000000', nonce: 'a1b2c3d4e5f6a7b8c9d0e1f2', signature: 'ab'.repeat(32) };
    const { signature: _s, ...unsigned } = login;

    expect(LoginFrameSchema.safeParse(login).success).toBe(true);
    expect(LoginFrameSchema.safeParse(unsigned).error?.issues.map((i) => i.path.join('.'))).toEqual(['signature']);
    expect(LoginFrameSchema.safeParse({ ...login, keyId: 'has space' }).error?.issues.map((i) => i.path.join('.'))).toEqual(['keyId']);
  });

  it('accepts the commands with their fields and refuses an unknown command or a bad target', () => {
    expect(ClientFrameSchema.safeParse({ type: 'configure', id: 'r1', target: 'strategy:EmaCross-001', partial: { omsType: 'NETTING' } }).success).toBe(true);
    expect(ClientFrameSchema.safeParse({ type: 'revert', id: 'r2', changeId: 'CC-exec-1' }).success).toBe(true);
    expect(ClientFrameSchema.safeParse({ type: 'explode', id: 'r3' }).success).toBe(false);
    expect([
      ClientFrameSchema.safeParse({ type: 'halt', id: 'h1', reason: 'news' }).success, ClientFrameSchema.safeParse({ type: 'reduce', id: 'h2' }).success,
      ClientFrameSchema.safeParse({ type: 'resume', id: 'h3' }).success, ClientFrameSchema.safeParse({ type: 'resume', id: 'h4', reason: 'x' }).success,
      ClientFrameSchema.safeParse({ type: 'halt', id: 'h5', reason: '' }).success,
    ]).toEqual([true, true, true, false, false]);
    expect(ClientFrameSchema.safeParse({ type: 'configure', id: 'r4', target: 'portfolio', partial: {} }).success).toBe(false);
    expect(ClientFrameSchema.safeParse({ type: 'snapshot' }).success).toBe(false);
  });

  it('accepts add-strategy and replace-strategy with a class name, source and config; refuses a class name that is a path', () => {
    const add = { type: 'add-strategy', id: 'r5', className: 'Quoter', source: "export class Quoter {}", config: { orderIdTag: '002' } };
    expect(ClientFrameSchema.safeParse(add).success).toBe(true);
    expect(ClientFrameSchema.safeParse({ ...add, type: 'replace-strategy', strategyId: 'Quoter-002' }).success).toBe(true);
    expect(ClientFrameSchema.safeParse({ ...add, type: 'replace-strategy' }).success).toBe(false);
    expect(ClientFrameSchema.safeParse({ ...add, className: '../evil' }).success).toBe(false);
    expect(ClientFrameSchema.safeParse({ ...add, source: '' }).success).toBe(false);
  });

  it('reads responses, errors and events from the node', () => {
    expect(ServerFrameSchema.parse({ type: 'response', id: 'r1', ok: false, error: { code: 'CONTROL_FORBIDDEN', message: 'read-only' } })).toEqual({ type: 'response', id: 'r1', ok: false, error: { code: 'CONTROL_FORBIDDEN', message: 'read-only' } });
    expect(ServerFrameSchema.safeParse({ type: 'event', event: { kind: 'order', order: { clientOrderId: 'O-1' } } }).success).toBe(true);
    expect(ServerFrameSchema.safeParse({ type: 'event', event: { kind: 'weather' } }).success).toBe(false);
  });

  it('keeps bigints across the wire', () => {
    const text = encodeFrame({ type: 'event', event: { kind: 'config', change: { tsEvent: 1700000000000000001n } } });

    expect(text).toBe('{"type":"event","event":{"kind":"config","change":{"tsEvent":{"$bigint":"1700000000000000001"}}}}');
    expect(decodeJson(text)).toEqual({ type: 'event', event: { kind: 'config', change: { tsEvent: 1700000000000000001n } } });
  });
});
