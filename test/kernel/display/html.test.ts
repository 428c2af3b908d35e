import { describe, expect, it } from 'vitest';
import { EngineError } from '../../../src/engine/index.js';
import { escapeHtml, renderHtml } from '../../../src/kernel/display/index.js';
import { bracketTree, configChange, order, orders, reconciliation } from './fixtures.js';

describe('renderHtml', () => {
  it('escapes a tag in an order tag', () => {
    // Arrange: the third order carries the tag '<b>'
    // Act
    const html = renderHtml(orders)!;
    // Assert
    expect(html).toContain('&lt;b&gt;');
    expect(html).not.toContain('<b>');
  });

  it('escapes text in error messages and details', () => {
    const html = renderHtml(new EngineError('CONFIG_INVALID', 'expected "a" & received <script>', { note: "it's" }))!;
    expect(html).toContain('expected &quot;a&quot; &amp; received &lt;script&gt;');
    expect(html).not.toContain('<script>');
  });

  it('a reconciliation leads with its problems, outcome first; matched rows fold into a <details> that expands', () => {
    const html = renderHtml(reconciliation)!;

    const outcomes = [...html.matchAll(/>(FAILED|SKIPPED|CREATED|UPDATED|MATCHED)</g)].map((m) => m[1]);
    expect(outcomes).toEqual(['FAILED', 'SKIPPED', 'CREATED', 'UPDATED', 'MATCHED']);
    expect(html).toMatch(/<details[^>]*><summary[^>]*>.*1 matched row.*<\/summary><table.*>MATCHED<.*<\/table><\/details>/);
    expect(html.indexOf('<details')).toBeGreaterThan(html.indexOf('>UPDATED<'));
  });

  it('renders orders as a table with a header per column', () => {
    const html = renderHtml(orders)!;
    expect(html.match(/<th /g)).toHaveLength(14);
    expect(html.match(/<tr>/g)).toHaveLength(4);
  });

  it('is self-contained: inline styles only, no <style>, scripts or external links', () => {
    const html = [orders, reconciliation, bracketTree, configChange, order()].map((v) => renderHtml(v)!).join('');
    expect(html).not.toMatch(/<style|<script|<link|href=|src=/);
  });

  it('draws the tree as nested lists with link badges and a red UNPROTECTED flag', () => {
    const html = renderHtml(bracketTree)!;
    expect(html.match(/<ul /g)).toHaveLength(2);
    expect(html).toContain('>OTO</span>');
    expect(html).toContain('OUO ↔ O-TP');
    expect(html).toMatch(/<span style="color:#fff;background:#cf222e[^"]*">UNPROTECTED<\/span>/);
  });

  it('colours reconciliation rows by outcome', () => {
    const html = renderHtml(reconciliation)!;
    expect(html).toMatch(/color:#cf222e;font-weight:600">FAILED/);
    expect(html).toMatch(/color:#8c959f;font-weight:600">MATCHED/);
  });

  it('returns undefined for values that are not keel values', () => {
    expect(renderHtml({ a: 1 })).toBeUndefined();
  });

  it('escapes all five HTML-special characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
