/**
 * @dyadic/transcript: one entry point that reads every transcript format researchers have (plain text,
 * Otter, Zoom/WebVTT, SRT, CSV/TSV, Whisper/AssemblyAI JSON, Word .docx, CHAT .cha) into speaker turns,
 * plus role mapping (mentor / mentee / other). See README.md.
 */
export type { Format, SpeakerInfo, ParsedTranscript, ParseOptions } from './types.js';
export { FORMATS, DEFAULT_MAX_BYTES, DEFAULT_MAX_TURNS } from './types.js';
export { parseTranscript, parseTranscriptFile } from './parse.js';
export { parseTranscriptStream, parseTranscriptFileStream, type TranscriptStream, type StreamParseOptions, type ByteSource } from './stream.js';
export { detectFormat, detectTextFormat, formatFromFilename } from './detect.js';
export { TranscriptParseError, RoleMappingError } from './errors.js';
export type { ParseFailure } from './errors.js';
export { speakerKey, labelFromName } from './speakers.js';
export { assignRoles, knownFromRoles } from './roles.js';
export type { AssignRolesOptions } from './roles.js';
export { cleanChat } from './formats/chat.js';
export { readBatchZip, ZipArchiveError, DEFAULT_ZIP_LIMITS, RATIO_FLOOR_BYTES } from './batch-zip.js';
export type { ZipLimits, BatchZip, BatchEntry, EntryProblem } from './batch-zip.js';
export { parseManifest, fieldsFromPath, sessionFieldsProblem, normalizeBatchPath, isIsoDate, isDyadKey, TRANSCRIPT_EXTENSIONS, MANIFEST_NAME } from './batch-manifest.js';
export type { SessionFields, ManifestRow } from './batch-manifest.js';
export { planBatch } from './batch-plan.js';
export type { BatchTarget, ManifestProblem } from './batch-plan.js';
