import type { Processors } from '../deps';
import { reconnect } from './connection-reconnect.processor';
import { deltaRun } from './delta-run.processor';
import { fullSync } from './full-sync.processor';
import { groupChanged } from './group-changed.processor';
import { ensureSubscriptions, reauthorizeSubscription } from './subscriptions.processor';
import { userChanged } from './user-changed.processor';

/** Every job of the queue catalog, mapped to its processor; a missing one does not compile. */
export const processors: Processors = {
  userSync: { 'user.changed': userChanged },
  groupSync: { 'group.changed': groupChanged },
  delta: { 'delta.run': deltaRun },
  fullSync: { 'sync.run': fullSync },
  subscriptions: {
    'subscriptions.ensure': ensureSubscriptions,
    'subscriptions.reauthorize': reauthorizeSubscription,
  },
  connectionHealth: { 'connection.reconnect': reconnect },
};
