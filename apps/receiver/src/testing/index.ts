export { fuzzReceiver, type FuzzFailure, type FuzzOptions, type FuzzResult } from './fuzz-receiver';
export { fuzzCase, type FuzzCase, type FuzzTarget } from './fuzz-arbitraries';
