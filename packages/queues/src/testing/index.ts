export { makeDeadLetters, objectIds } from './dead-letters';
