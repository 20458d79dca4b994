export { buildApp } from './build.js';
export { bootstrap } from './bootstrap.js';
export type { AppDeps } from './app.js';
