export * from './catalog.js';
export * from './connection.js';
export * from './webhook-signature.js';
