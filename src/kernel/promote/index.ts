export { promote, promoteFor } from './promote.js';
export type { PromoteOptions, PromoteResult, PromoteSession } from './promote.js';
export { collectSource } from './collect-source.js';
export type { CollectedSource, CellLike } from './collect-source.js';
export { buildNodeJson, keyEnvNames } from './node-config.js';
export { loadNodeFolder } from './node-folder.js';
export type { NodeFolder } from './node-folder.js';
