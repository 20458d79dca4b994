/** The seeded PRNG shared by tests, fuzzing, benchmarks and the tagging package's generated conversations. */
export { prng } from '../../packages/tagging/src/testing/prng.js';
