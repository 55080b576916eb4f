import { z } from 'zod';
import { Id, page, pageFields, Timestamp } from './primitives';

const text = (max: number) => z.string().trim().min(1).max(max);
const secret = z.string().min(1).max(1000);
const staffTenant = z.boolean().meta({
  description:
    "S3.4: the MSP's own directory. Only a staff tenant's users become, merge with or archive employees; " +
    'every other connection reaches only the contacts of the accounts its rules target',
});

export const ConnectionStatus = z.enum(['connected', 'failing', 'disabled', 'pending']);
export type ConnectionStatus = z.infer<typeof ConnectionStatus>;

/** CONTRACT.md connection resource (plus timestamps and the reconnect time). Never a secret. */
export const Connection = z
  .object({
    id: Id,
    name: z.string(),
    tenant: z.string().meta({ description: 'what the administrator typed: tenant id or domain' }),
    tenantId: z.string().nullable().meta({ description: 'the resolved tenant GUID, once known' }),
    clientId: z.string(),
    status: ConnectionStatus,
    staffTenant,
    lastError: z.string().nullable(),
    lastSyncAt: Timestamp.nullable(),
    nextRetryAt: Timestamp.nullable().meta({ description: 'S7.3: when a failing connection is tried again' }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'Connection' });
export type Connection = z.input<typeof Connection>;

export const ConnectionPage = page(Connection);

export const ConnectionCreateBody = z.strictObject({
  name: text(200),
  tenant: text(255).meta({ description: 'tenant id (GUID) or domain' }),
  clientId: text(100),
  clientSecret: secret,
  staffTenant: staffTenant
    .optional()
    .meta({ description: 'S3.4 staff tenant; default false (a customer tenant)' }),
});

export const ConnectionPatchBody = z.strictObject({
  name: text(200).optional(),
  tenant: text(255).optional(),
  clientId: text(100).optional(),
  clientSecret: secret.optional(),
  staffTenant: staffTenant
    .optional()
    .meta({
      description:
        'S3.4: mark or unmark the staff tenant; unmarking is refused (409) while it has employee rules',
    }),
  status: z
    .enum(['disabled', 'connected'], {
      message: "must be 'disabled' (stop all work) or 'connected' (enable after a credential check)",
    })
    .optional(),
});

/** PATCH answers the connection and the sync run that reconciles what a disabled connection missed. */
export const ConnectionUpdated = Connection.extend({ syncRunId: Id.nullable() });

export const ConnectionListQuery = z.object(pageFields);

export const Organization = z.object({
  tenantId: z.string(),
  displayName: z.string().nullable(),
  domains: z.array(z.string()),
});

/** POST /connections/:id/test when Entra and Graph accept the stored credentials. */
export const ConnectionTestResult = z.object({
  ok: z.literal(true),
  connection: Connection,
  organization: Organization,
});
export type ConnectionTestResult = z.input<typeof ConnectionTestResult>;

/** S8: a run that would remove too many holds those removals in GET /confirmations; nothing to pre-confirm here. */
export const SyncStartBody = z.strictObject({}).default({});
export const SyncStarted = z.object({ runId: Id });
export type SyncStarted = z.input<typeof SyncStarted>;

/** S7.2: the admin-consent URL for a delegated connection. */
export const ConsentLink = z.object({
  url: z.string(),
  expiresAt: Timestamp,
  redirectUri: z.string(),
});
export type ConsentLink = z.input<typeof ConsentLink>;

export const DelegatedConnectionBody = ConnectionCreateBody;
export const DelegatedConnectionCreated = Connection.extend({ consent: ConsentLink });
