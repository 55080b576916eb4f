export { makeDeadLetters, objectIds } from './dead-letters';
export { testQueues, type TestQueues } from './test-queues';
