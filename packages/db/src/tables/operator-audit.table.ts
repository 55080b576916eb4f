import type { CreatedAt, GeneratedInt8, Json } from './column-types';

/** X3: one operator action through the admin API (the S6.4 audit_log holds sync's own decisions). */
export interface OperatorAuditTable {
  id: GeneratedInt8;
  at: CreatedAt;
  actor: string;
  /** a stable name (`connection.sync`, `dead-letter.retry`…) */
  action: string;
  method: string;
  /** what it acted on: the request path, ids included */
  target: string;
  /** the HTTP status it ended with; refused attempts are actions too */
  status: number;
  source_address: string;
  detail: Json<Record<string, unknown>>;
}
