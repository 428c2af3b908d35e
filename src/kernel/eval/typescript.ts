import { createRequire } from 'node:module';
import type TypeScript from 'typescript';

/**
 * The project's TypeScript compiler, loaded with `require`: as an ES import, node first scans all of
 * typescript.js (9 MB of CommonJS) for its export names, which costs about 0.4 s of REPL and kernel start-up.
 */
export const ts: typeof TypeScript = createRequire(import.meta.url)('typescript');
