// Where things are, for every module of the orchestrator.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** bench/ */
export const BENCH_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
/** The repository root (processes run there). */
export const ROOT = join(BENCH_DIR, '..');
/** The sandbox build under test. */
export const SANDBOX_DIST = join(ROOT, 'packages/sandbox/dist/index.js');
/** Where --profile writes its .cpuprofile files. */
export const PROFILE_DIR = join(BENCH_DIR, 'profiles');
