import type { CommandSpec } from '../command';
import { confirmApprove, confirmReject } from './confirm-decide.command';
import { confirmList } from './confirm-list.command';
import { connectionAdd } from './connection-add.command';
import { connectionList } from './connection-list.command';
import { connectionSet } from './connection-set.command';
import { connectionTest } from './connection-test.command';
import { dlqDiscard } from './dlq-discard.command';
import { dlqList } from './dlq-list.command';
import { dlqRetry } from './dlq-retry.command';
import { explain } from './explain.command';
import { keysRotate } from './keys-rotate.command';
import { migrate } from './migrate.command';
import { ruleAdd } from './rule-add.command';
import { ruleList } from './rule-list.command';
import { status } from './status.command';
import { sync } from './sync.command';

/** CONTRACT.md "CLI", in the order `--help` lists them. */
export const commands: readonly CommandSpec[] = [
  migrate,
  connectionAdd,
  connectionList,
  connectionSet,
  connectionTest,
  ruleAdd,
  ruleList,
  sync,
  confirmList,
  confirmApprove,
  confirmReject,
  dlqList,
  dlqRetry,
  dlqDiscard,
  status,
  explain,
  keysRotate,
];
