// keel for stock tslab notebooks. tslab compiles cells to CommonJS with its own TypeScript 5.0, which
// cannot load keel's ESM TypeScript sources, and its cells have no dynamic import. A CommonJS file
// required from a cell does: it loads keel through tsx's ESM loader, as keel's own kernel does.
//   const { importKeel } = require('./src/kernel/jupyter/tslab-entry.cjs');
//   const keel = await importKeel();
//   keel.display(node.cache.orders());
'use strict';
const path = require('node:path');
const { pathToFileURL } = require('node:url');

let loading;

/** keel's public API plus display and live views (src/kernel/jupyter/tslab-api.ts), loaded once. */
function importKeel() {
  loading ??= import('tsx/esm/api').then(({ tsImport }) =>
    tsImport(pathToFileURL(path.join(__dirname, 'tslab-api.ts')).href, pathToFileURL(__filename).href));
  return loading;
}

module.exports = { importKeel };
