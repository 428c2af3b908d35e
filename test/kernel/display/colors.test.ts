import { describe, expect, it } from 'vitest';
import { colorsEnabled, renderText } from '../../../src/kernel/display/index.js';
import { bracketTree, orders, reconciliation } from './fixtures.js';

const ESC = '\u001b[';

describe('colours', () => {
  it('appear only when asked for', () => {
    // Arrange / Act
    const colored = renderText(reconciliation, { colors: true })!;
    const plain = renderText(reconciliation, { colors: false })!;
    // Assert: same text once escapes are stripped, escapes only in the coloured one
    expect(plain).not.toContain(ESC);
    expect(colored).toContain(ESC);
    expect(colored.replace(/\u001b\[[0-9;]*m/g, '')).toBe(plain);
  });

  it('colours outcomes by tone: FAILED red, SKIPPED yellow, UPDATED green, MATCHED grey', () => {
    const colored = renderText(reconciliation, { colors: true, expand: true })!;
    expect(colored).toContain(`${ESC}31m${ESC}1mFAILED`);
    expect(colored).toContain(`${ESC}33m${ESC}1mSKIPPED`);
    expect(colored).toContain(`${ESC}32m${ESC}1mUPDATED`);
    expect(colored).toContain(`${ESC}90m${ESC}1mMATCHED`);
  });

  it('marks UNPROTECTED in red, inverted', () => {
    const colored = renderText(bracketTree, { colors: true })!;
    expect(colored).toContain(`${ESC}31m${ESC}1m${ESC}7mUNPROTECTED`);
  });

  it('keeps table columns aligned when coloured', () => {
    const lines = renderText(orders, { colors: true })!.split('\n').map((l) => l.replace(/\u001b\[[0-9;]*m/g, ''));
    const plainLines = renderText(orders, { colors: false })!.split('\n');
    expect(lines).toEqual(plainLines);
  });
});

describe('colorsEnabled', () => {
  it('is off when NO_COLOR is set, even on a TTY', () => {
    expect(colorsEnabled({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
  });

  it('is off on a non-TTY stream', () => {
    expect(colorsEnabled({ isTTY: false }, {})).toBe(false);
  });

  it('is on for a TTY without NO_COLOR, and when FORCE_COLOR is set on a pipe', () => {
    expect([colorsEnabled({ isTTY: true }, { NO_COLOR: '' }), colorsEnabled({ isTTY: false }, { FORCE_COLOR: '1' })]).toEqual([true, true]);
  });
});
