export * from './types.js';
export { CODEBOOK_VERSION, loadCodebook } from './codebook.js';
export type { Codebook, ExtraDictionary } from './codebook.js';
export { tagConversation } from './tagger.js';
export type { TagOptions } from './tagger.js';
export { StreamTagger, tagStream, type TagStreamOptions } from './stream.js';
export * from './agreement.js';
