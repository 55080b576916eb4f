/** The benches' and the chaos suite's employee defaults (S2.2): values for fields the directory leaves empty. */
export const BENCH_EMPLOYEE_DEFAULTS = {
  firstName: null,
  lastName: null,
  department: 'Service Desk',
  location: 'HQ',
  timeZone: 'UTC',
  securityRole: 'Technician',
  modules: ['tickets'],
};
