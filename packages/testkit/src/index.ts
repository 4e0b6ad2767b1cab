export { FakeClock, flushPromises } from "./fake-clock.js";
export { DEFAULT_INSTANT, makeExecution, makePost, makeTaskState } from "./builders.js";
export {
  RecordingPoster,
  type PlannedFailure,
  type RecordedPost,
  type RecordingPosterOptions,
} from "./recording-poster.js";
export { describeStatePersistenceContract } from "./contract/state-persistence-contract.js";
export type { StoreFactory, StoreHarness } from "./contract/store-harness.js";
export {
  describeContentPosterContract,
  type PosterFactory,
  type PosterHarness,
  type RejectedPost,
} from "./contract/content-poster-contract.js";
export { expectActorError, rejectionOf } from "./contract/assertions.js";
export {
  LatencyStore,
  type LatencyStoreOptions,
  type StoreFault,
  type StoreMethod,
} from "./latency-store.js";
export { crashServer, type Abandonable } from "./crash.js";
export { advanceUntilSettled, type DriveOptions } from "./drive.js";
