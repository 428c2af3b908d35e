import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findProjectRoot } from '../../../src/engine/data/project-root.js';
import { ROOT } from './repl-process.js';

describe('findProjectRoot', () => {
  it('finds the checkout from a module in src/ and from one in dist/src/', () => {
    const fromSrc = pathToFileURL(path.join(ROOT, 'src/engine/data/instrument-file.ts')).href;
    const fromDist = pathToFileURL(path.join(ROOT, 'dist/src/engine/data/instrument-file.js')).href;

    const roots = [findProjectRoot(fromSrc), findProjectRoot(fromDist)];

    expect(roots).toEqual([path.resolve(ROOT), path.resolve(ROOT)]);
  });

  it('refuses a folder with no keel package above it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'keel-root-'));
    const elsewhere = pathToFileURL(path.join(dir, 'x.js')).href;

    const attempt = () => findProjectRoot(elsewhere);

    try {
      expect(attempt).toThrow(expect.objectContaining({ code: 'PROJECT_ROOT_NOT_FOUND' }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
