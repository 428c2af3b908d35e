#!/usr/bin/env node
// Launcher for the `keel` command: runs the TypeScript CLI through tsx's loader so no build step is needed.
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';
register('tsx/esm', pathToFileURL('./'));
await import('../src/kernel/cli.ts');
