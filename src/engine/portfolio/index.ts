export { Portfolio } from './portfolio.js';
export type { PortfolioOptions } from './portfolio.js';
export type * from './types.js';
export { portfolioView } from './portfolio-view.js';
