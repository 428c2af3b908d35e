export { RiskEngine } from './risk-engine.js';
export type { RiskEngineOptions, RiskEngineTarget } from './risk-engine.js';
export { SubmitRateLimiter } from './submit-rate-limiter.js';
