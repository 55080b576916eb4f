import { z } from 'zod';
import { pageFields } from '../http/pagination';

const optionalText = z.string().trim().max(320).nullable().optional();
const name = z.string().trim().min(1).max(100);
export const username = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[^\s@]+$/, 'must be a username without spaces or @ (the UPN before @)');
const uuid = z.uuid({ message: 'must be a uuid' });

/** The mapped personal fields (S2.1); null clears one. */
export const personFields = {
  firstName: optionalText,
  lastName: optionalText,
  email: optionalText,
  officePhone: optionalText,
  mobilePhone: optionalText,
  jobTitle: optionalText,
};

export const contactCreateBody = z.strictObject({
  ...personFields,
  accountId: uuid,
  status: z.enum(['active', 'inactive']).optional(),
  portalAccess: z.boolean().optional(),
  username: username.optional(),
  portalRole: name.nullable().optional(),
});

export const contactPatchBody = z.strictObject({
  ...personFields,
  accountId: uuid.optional(),
  status: z.enum(['active', 'inactive']).optional(),
  portalAccess: z.boolean().optional(),
  username: username.nullable().optional(),
  portalRole: name.nullable().optional(),
});

const employeeFields = {
  ...personFields,
  department: optionalText,
  location: optionalText,
  timeZone: optionalText,
  status: z.enum(['active', 'inactive', 'archived']).optional(),
  securityRole: name.nullable().optional(),
  modules: z.array(name).max(50).optional(),
};

export const employeeCreateBody = z.strictObject({
  ...employeeFields,
  firstName: z.string().trim().min(1).max(320),
  lastName: z.string().trim().min(1).max(320),
  username: username.optional(),
});

export const employeePatchBody = z.strictObject({
  ...employeeFields,
  username: username.nullable().optional(),
});

const filters = {
  email: z.string().trim().min(1).max(320).optional(),
  objectId: z.string().trim().min(1).max(200).optional(),
  ...pageFields,
};

export const contactQuery = z.object({
  ...filters,
  status: z.enum(['active', 'inactive']).optional(),
  accountId: uuid.optional(),
});

export const employeeQuery = z.object({
  ...filters,
  status: z.enum(['active', 'inactive', 'archived']).optional(),
  accountId: z.undefined({ message: 'employees have no account; filter contacts by accountId' }).optional(),
});
