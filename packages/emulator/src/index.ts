// @milvus-rest/emulator: a local Milvus REST v2 endpoint for tests and demos.
export type { ClockOptions, EmulatorClock } from './clock.js';
export { type Emulator, type EmulatorOptions, startEmulator } from './emulator.js';
export type { Fault, FaultRule } from './faults.js';
export type { ReceivedRequest } from './pipeline.js';
export type { CompactionOptions } from './state/compactions.js';
export { type ImportJobOptions, MISSING_FILE_MARKER } from './state/import-jobs.js';
export { FAILING_SOURCE_MARKER, type RefreshJobOptions } from './state/refresh-jobs.js';
export type { SnapshotJobOptions } from './state/snapshots.js';
