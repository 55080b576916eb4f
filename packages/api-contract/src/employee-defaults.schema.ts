import { z } from 'zod';
import { Id } from './primitives';

const value = z.string().trim().min(1).max(200).nullable().default(null);
const timeZone = value.refine(
  (tz) => tz === null || isTimeZone(tz),
  'must be an IANA time zone, e.g. Europe/Berlin',
);

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** S2.3. PUT replaces every default: a field left out is cleared. */
export const EmployeeDefaultsBody = z.strictObject({
  firstName: value,
  lastName: value,
  department: value,
  location: value,
  timeZone,
  securityRole: value,
  modules: z.array(z.string().trim().min(1).max(100)).max(50).default([]),
});

/** S2.3 values for mandatory employee fields the directory leaves empty. */
export const EmployeeDefaults = z
  .object({
    firstName: z.string().nullable(),
    lastName: z.string().nullable(),
    department: z.string().nullable(),
    location: z.string().nullable(),
    timeZone: z.string().nullable(),
    securityRole: z.string().nullable(),
    modules: z.array(z.string()).readonly(),
  })
  .meta({ id: 'EmployeeDefaults' });
export type EmployeeDefaults = z.input<typeof EmployeeDefaults>;

/** A4 / D19: saving re-evaluates every enabled connection; the answer names the sync runs. */
export const EmployeeDefaultsSaved = EmployeeDefaults.extend({ syncRunIds: z.array(Id) });
