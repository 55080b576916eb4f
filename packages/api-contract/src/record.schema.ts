import { z } from 'zod';
import { Id, page, pageFields, Timestamp, UuidField } from './primitives';

const optionalText = z.string().trim().max(320).nullable().optional();
const roleName = z.string().trim().min(1).max(100);
export const Username = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[^\s@]+$/, 'must be a username without spaces or @ (the UPN before @)');

export const ContactStatus = z.enum(['active', 'inactive']);
export const EmployeeStatus = z.enum(['active', 'inactive', 'archived']);

// ---- requests

/** The mapped personal fields (S2.1); null clears one. */
const personFieldsInput = {
  firstName: optionalText,
  lastName: optionalText,
  email: optionalText,
  officePhone: optionalText,
  mobilePhone: optionalText,
  jobTitle: optionalText,
};

const contactFieldsInput = {
  ...personFieldsInput,
  status: ContactStatus.optional(),
  portalAccess: z.boolean().optional(),
  portalRole: roleName.nullable().optional(),
};

export const ContactCreateBody = z.strictObject({
  ...contactFieldsInput,
  accountId: UuidField,
  username: Username.optional(),
});

export const ContactPatchBody = z.strictObject({
  ...contactFieldsInput,
  accountId: UuidField.optional(),
  username: Username.nullable().optional().meta({ description: 'null removes the portal login' }),
});

const employeeFieldsInput = {
  ...personFieldsInput,
  department: optionalText,
  location: optionalText,
  timeZone: optionalText,
  status: EmployeeStatus.optional(),
  securityRole: roleName.nullable().optional(),
  modules: z.array(roleName).max(50).optional(),
};

export const EmployeeCreateBody = z.strictObject({
  ...employeeFieldsInput,
  firstName: z.string().trim().min(1).max(320),
  lastName: z.string().trim().min(1).max(320),
  username: Username.optional(),
});

export const EmployeePatchBody = z.strictObject({
  ...employeeFieldsInput,
  username: Username.nullable().optional().meta({ description: 'null removes the login' }),
});

/** CONTRACT.md record queries: `email` (exact, any case), `status`, `accountId` (contacts), `objectId`. */
const recordFilters = {
  email: z.string().trim().min(1).max(320).optional(),
  objectId: z.string().trim().min(1).max(200).optional(),
  ...pageFields,
};

export const ContactQuery = z.object({
  ...recordFilters,
  status: ContactStatus.optional(),
  accountId: UuidField.optional(),
});

export const EmployeeQuery = z.object({
  ...recordFilters,
  status: EmployeeStatus.optional(),
  // "same queries" as contacts: accepted only to say why it cannot apply (400)
  accountId: z.undefined({ message: 'employees have no account; filter contacts by accountId' }).optional(),
});

// ---- responses

/** The directory user a synced record is linked to (S3.3); null for a local record. */
export const RecordSource = z.object({ connectionId: Id, objectId: z.string() }).nullable();

const personFields = {
  id: Id,
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  email: z.string().nullable(),
  username: z.string().nullable().meta({ description: "the login's username; null without a login" }),
  officePhone: z.string().nullable(),
  mobilePhone: z.string().nullable(),
  jobTitle: z.string().nullable(),
};

const recordTail = {
  loginEnabled: z.boolean().nullable().meta({ description: 'null without a login' }),
  source: RecordSource,
  createdAt: Timestamp,
  updatedAt: Timestamp,
};

/** CONTRACT.md contact fields (plus the login's state and creation time). */
export const Contact = z
  .object({
    ...personFields,
    accountId: Id,
    status: ContactStatus,
    portalAccess: z.boolean(),
    portalRole: z.string().nullable(),
    ...recordTail,
  })
  .meta({ id: 'Contact' });
export type Contact = z.input<typeof Contact>;

/** CONTRACT.md employee fields (plus time zone, the login's state and creation time). */
export const Employee = z
  .object({
    ...personFields,
    department: z.string().nullable(),
    location: z.string().nullable(),
    timeZone: z.string().nullable(),
    securityRole: z.string().nullable(),
    modules: z.array(z.string()),
    isRoot: z.boolean(),
    status: EmployeeStatus,
    ...recordTail,
  })
  .meta({ id: 'Employee' });
export type Employee = z.input<typeof Employee>;

export const ContactPage = page(Contact);
export const EmployeePage = page(Employee);
