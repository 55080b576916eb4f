import { emailOf, mapEmployeeFields, mapPersonFields, normaliseEmail, usernameFromUpn } from './mapping';
import { DEFAULTS, dirUser } from './testing/builders';

describe('S2.1 field mapping', () => {
  const user = dirUser({
    givenName: ' Jane ',
    surname: 'Doe',
    userPrincipalName: 'Jane.Doe@contoso.com',
    mail: 'jane@contoso.com',
    businessPhones: ['+1 555 0100', '+1 555 0199'],
    mobilePhone: '+1 555 0101',
    jobTitle: 'Engineer',
  });
  const mapped = mapPersonFields(user);
  const cases = [
    { name: 'S2.1 givenName → first name', field: 'firstName', value: 'Jane' },
    { name: 'S2.1 surname → last name', field: 'lastName', value: 'Doe' },
    { name: 'S2.1 mail → email', field: 'email', value: 'jane@contoso.com' },
    { name: 'S2.1 businessPhones[0] → office phone', field: 'officePhone', value: '+1 555 0100' },
    { name: 'S2.1 mobilePhone → mobile phone', field: 'mobilePhone', value: '+1 555 0101' },
    { name: 'S2.1 jobTitle → job title', field: 'jobTitle', value: 'Engineer' },
  ] as const;
  it.each(cases)('$name', ({ field, value }) => {
    expect(mapped[field]).toBe(value);
  });

  it.each([
    {
      name: 'S2.1 UPN → username: the part before @, case kept (D4)',
      upn: 'Jane.Doe@contoso.com',
      username: 'Jane.Doe',
    },
    { name: 'S2.1 UPN → username trims', upn: '  jane@contoso.com ', username: 'jane' },
    { name: 'S2.1 UPN without @ is the username', upn: 'jane', username: 'jane' },
    { name: 'S2.1 empty UPN → no username', upn: '  ', username: null },
    { name: 'S2.1 missing UPN → no username', upn: null, username: null },
  ])('$name', ({ upn, username }) => {
    expect(usernameFromUpn(upn)).toBe(username);
  });

  it.each([
    {
      name: 'S2.1 mail wins over the UPN',
      mail: ' Jane@Contoso.com ',
      upn: 'x@contoso.com',
      email: 'Jane@Contoso.com',
    },
    {
      name: 'S2.1 mail empty → the UPN',
      mail: '',
      upn: 'jane.doe@contoso.com',
      email: 'jane.doe@contoso.com',
    },
    {
      name: 'S2.1 mail null → the UPN',
      mail: null,
      upn: 'jane.doe@contoso.com',
      email: 'jane.doe@contoso.com',
    },
    { name: 'S2.1 mail empty and UPN not an e-mail → no e-mail', mail: null, upn: 'jane', email: null },
  ])('$name', ({ mail, upn, email }) => {
    expect(emailOf({ mail, userPrincipalName: upn })).toBe(email);
  });

  it('S3.2 normaliseEmail trims and lower-cases', () => {
    expect(normaliseEmail('  Jane.Doe@Contoso.COM ')).toBe('jane.doe@contoso.com');
    expect(normaliseEmail('   ')).toBeNull();
    expect(normaliseEmail(null)).toBeNull();
  });

  it('S2.2 only the mapped fields are produced', () => {
    expect(Object.keys(mapped).sort()).toEqual(
      ['email', 'firstName', 'jobTitle', 'lastName', 'mobilePhone', 'officePhone'].sort(),
    );
  });

  it('S2.4 a cleared optional value clears the field', () => {
    const cleared = mapPersonFields(dirUser({ jobTitle: null, mobilePhone: '  ', businessPhones: [] }));
    expect(cleared).toMatchObject({ jobTitle: null, mobilePhone: null, officePhone: null });
  });
});

describe('S2.3 / S2.4 employee defaults', () => {
  it('S2.3 takes defaults for mandatory fields the directory leaves empty', () => {
    const result = mapEmployeeFields(dirUser({ givenName: null }), { ...DEFAULTS, firstName: 'Unknown' });
    expect(result).toEqual({
      ok: true,
      securityRole: 'Technician',
      fields: expect.objectContaining({
        firstName: 'Unknown',
        lastName: 'Doe',
        department: 'Service Desk',
        location: 'HQ',
        timeZone: 'Europe/Berlin',
      }),
    });
  });

  it('S2.3 the rule security role wins over the default one (D5)', () => {
    expect(mapEmployeeFields(dirUser(), DEFAULTS, { securityRole: 'Engineer' })).toMatchObject({
      securityRole: 'Engineer',
    });
  });

  it('S2.3 missing mandatory fields with no default are listed (D5)', () => {
    const result = mapEmployeeFields(dirUser({ surname: ' ' }), {
      ...DEFAULTS,
      department: null,
      timeZone: '',
      securityRole: null,
    });
    expect(result).toEqual({ ok: false, missing: ['lastName', 'department', 'timeZone', 'securityRole'] });
  });

  it('S2.4 a cleared mandatory field falls back to the default', () => {
    const result = mapEmployeeFields(dirUser({ surname: null }), { ...DEFAULTS, lastName: 'Unknown' });
    expect(result.ok && result.fields.lastName).toBe('Unknown');
  });

  it('S2.2 an existing employee keeps its own department, location and time zone (not directory fields)', () => {
    const existing = { department: 'Sales', location: null, timeZone: 'UTC' };
    const result = mapEmployeeFields(dirUser(), DEFAULTS, { existing });
    expect(result.ok && result.fields).toMatchObject({
      department: 'Sales',
      location: 'HQ',
      timeZone: 'UTC',
    });
  });
});
