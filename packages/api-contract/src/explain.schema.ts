import { z } from 'zod';
import { AuditEntry } from './audit.schema';
import { PlanView } from './plan.schema';
import { Id, Timestamp } from './primitives';
import { Contact, Employee } from './record.schema';
import { RecordKind } from './rule.schema';

export const ExplainQuery = z.object({ email: z.string().trim().min(3).max(320) });

/** The Entra user properties of S2.1 (plus accountEnabled) as the mirror last saw them. */
export const DirectoryUserFields = z.object({
  givenName: z.string().nullable(),
  surname: z.string().nullable(),
  userPrincipalName: z.string().nullable(),
  mail: z.string().nullable(),
  businessPhones: z.array(z.string()).readonly(),
  mobilePhone: z.string().nullable(),
  jobTitle: z.string().nullable(),
  accountEnabled: z.boolean(),
});

/** S1.2: a rule whose group the user is in, in precedence order; rank 1 wins. */
export const MatchingRule = z.object({
  rank: z.number().int(),
  wins: z.boolean(),
  ruleId: z.number().int(),
  groupId: z.string(),
  order: z.number().int(),
  createdAt: Timestamp,
  target: RecordKind,
  membership: z.enum(['direct', 'transitive']),
  reason: z.string(),
});

export const ExplainedDirectoryUser = z.object({
  connectionId: Id,
  connectionName: z.string().nullable(),
  objectId: z.string(),
  user: DirectoryUserFields.nullable(),
  deleted: z.boolean(),
  observedAt: Timestamp,
  groups: z.array(z.object({ groupId: z.string(), membership: z.enum(['direct', 'nested']) })),
  matchingRules: z.array(MatchingRule),
  winner: z.number().int().nullable().meta({ description: 'the winning rule id' }),
  explanation: z.string(),
  record: z.object({ kind: RecordKind, id: Id }).nullable().meta({ description: 'the linked record' }),
  inScope: z.boolean().nullable(),
  nextSync: PlanView.meta({ description: 'what a sync (reconcile, D1) would do now' }),
  summary: z.string(),
});

export const ExplainedRecord = z.object({
  kind: RecordKind,
  record: z.union([Employee, Contact]),
  access: z.object({
    login: z
      .object({
        username: z.string(),
        enabled: z.boolean(),
        role: z.string().nullable(),
        modules: z.array(z.string()),
      })
      .nullable(),
    portalAccess: z.boolean(),
  }),
  audit: z.array(AuditEntry),
  summary: z.string(),
});

/** GET /explain: why this person has the record and access they have (A8). */
export const Explanation = z
  .object({
    email: z.string(),
    summary: z.array(z.string()),
    directoryUsers: z.array(ExplainedDirectoryUser),
    records: z.array(ExplainedRecord),
    audit: z.array(AuditEntry),
  })
  .meta({ id: 'Explanation' });
export type Explanation = z.input<typeof Explanation>;
