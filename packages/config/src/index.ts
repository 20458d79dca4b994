export { loadConfig, ConfigError, describeConfig } from './config.js';
export type { Config } from './config.js';
