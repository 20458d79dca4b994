/** The zip writer the package tests use too (hostile-archive knobs included). */
export { makeZip, type ZipFile } from '../../packages/transcript/src/testing/zip.js';
