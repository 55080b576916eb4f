import type { AdminDeps } from './deps';
import type { GraphAccess } from './services/graph-access';

/** What every route module gets: the deps plus the API's own Graph access and clock. */
export interface AdminContext extends AdminDeps {
  graph: GraphAccess;
  clock: () => Date;
}
