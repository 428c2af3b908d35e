export { Cache } from './cache.js';
export type { OrderList, OrderQuery, PositionQuery } from './cache.js';
