/**
 * Issue 11 item 10: a config error says what it received, except a secret. Values under a
 * credential-like key, a key-like string wherever it lands (an apiSecret pasted into `url`), a string
 * equal to a credential given elsewhere in the input, and credentials inside a rendered object all
 * read `<redacted>`, in the message and in `details.issues`.
 */
import { describe, expect, it } from 'vitest';
import { TradingNodeConfigSchema, parseConfig } from '../../../src/engine/config/index.js';
import { TradingNode } from '../../../src/engine/index.js';

const BINANCE_LIKE_SECRET = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j';

function errorOf(run: () => unknown): { message: string; json: string } {
  try {
    run();
  } catch (e) {
    return { message: (e as Error).message, json: JSON.stringify(e) };
  }
  throw new Error('expected the config to be refused, it was accepted');
}

describe('config errors never echo a secret', () => {
  it('an apiSecret value pasted into `url` (swapped fields) reads <redacted>', async () => {
    let message = '';
    let json = '';
    try {
      await TradingNode.create({ venues: [{ venue: 'SIM', url: BINANCE_LIKE_SECRET, apiKey: 'k', apiSecret: 'ws://127.0.0.1:1' }] }, { persistence: null });
    } catch (e) {
      message = (e as Error).message;
      json = JSON.stringify(e);
    }

    expect(message).toBe("invalid TradingNodeConfig (1 problem):\nvenues.0.url: expected a ws:// or wss:// url, received <redacted> (string, 64 characters)");
    expect(json).not.toContain(BINANCE_LIKE_SECRET);
  });

  it('a misspelled credential key (api_secret) reports the key, not its value', () => {
    const { message, json } = errorOf(() => parseConfig(TradingNodeConfigSchema, {
      venues: [{ venue: 'SIM', url: 'ws://127.0.0.1:1', apiKey: 'k', api_secret: 'hunter2hunter2' }],
    }, 'TradingNodeConfig'));

    expect(message).toContain('venues.0.api_secret: expected no such key');
    expect(message).toContain('received <redacted> (string, 14 characters)');
    expect(message + json).not.toContain('hunter2');
  });

  it('a string equal to a credential given elsewhere in the input reads <redacted>, even a short one', () => {
    const { message, json } = errorOf(() => parseConfig(TradingNodeConfigSchema, {
      traderId: 'pa55word-x', venues: [{ venue: 'SIM', url: 'ws://127.0.0.1:1', apiKey: 'k', apiSecret: 'pa55word-x' }],
    }, 'TradingNodeConfig'));

    expect(message).toContain('traderId: expected');
    expect(message + json).not.toContain('pa55word-x');
  });

  it('credentials inside a rendered object read <redacted>; other fields stay readable', () => {
    const { message, json } = errorOf(() => parseConfig(TradingNodeConfigSchema, {
      venues: { venue: 'SIM', url: 'ws://127.0.0.1:1', apiKey: 'live-key-1', apiSecret: 'live-secret-2' },
    }, 'TradingNodeConfig'));

    expect(message).toContain('"venue":"SIM"');
    expect(message).toContain('"apiKey":"<redacted>"');
    expect(message + json).not.toContain('live-secret-2');
    expect(message + json).not.toContain('live-key-1');
  });
});
