export { LiveExecEngineConfigSchema } from './live-exec-engine-config.js';
export type { LiveExecEngineConfig, LiveExecEngineConfigInput } from './live-exec-engine-config.js';
export { StrategyConfigSchema } from './strategy-config.js';
export type { StrategyConfig, StrategyConfigInput } from './strategy-config.js';
export { RiskEngineConfigSchema, parseRate } from './risk-engine-config.js';
export type { RiskEngineConfig, RiskEngineConfigInput, SubmitRate } from './risk-engine-config.js';
export {
  TradingNodeConfigSchema, VenueConfigSchema, StrategyEntrySchema, PersistenceConfigSchema, TimeoutsConfigSchema, SHUTDOWN_POLICIES,
} from './trading-node-config.js';
export type {
  TradingNodeConfig, TradingNodeConfigInput, VenueConfig, StrategyEntry, PersistenceConfig, TimeoutsConfig, ShutdownPolicy,
} from './trading-node-config.js';
export { parseConfig, checkConfig } from './parse-config.js';
export { isCredentialName, looksLikeKey, REDACTED } from './secret-values.js';
export type { ConfigIssue } from './parse-config.js';
export { diffConfig } from './config-diff.js';
export { LiveConfig } from './live-config.js';
export type { LiveConfigSpec, LiveConfigRecorder } from './live-config.js';
export { ConfigLog } from './config-log.js';
export { ATTACH_SOURCE, CONFIG_SOURCES } from './config-change.js';
export type { ConfigSource, ConfigChangeSource, ConfigTarget, ConfigKeyInfo, ConfigAudit } from './config-change.js';
export { ControlConfigSchema } from './control-config.js';
export type { ControlConfig, ControlConfigInput } from './control-config.js';
