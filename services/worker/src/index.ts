export { startWorker, type RunningWorker, type WorkerLogger } from './worker.js';
export { processTranscript, PermanentJobError } from './process-transcript.js';
