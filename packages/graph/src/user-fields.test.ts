import { toDirectoryUser, toUserFields, USER_SELECT } from './user-fields';

describe('user fields', () => {
  it('S2.1 selects exactly the mapped properties, accountEnabled (S5.2) and the id', () => {
    expect([...USER_SELECT].sort()).toEqual(
      [
        'accountEnabled',
        'businessPhones',
        'givenName',
        'id',
        'jobTitle',
        'mail',
        'mobilePhone',
        'surname',
        'userPrincipalName',
      ].sort(),
    );
  });

  it('S2.4 reads properties Graph left out or nulled as cleared', () => {
    expect(toUserFields({ id: 'x', givenName: 'Ada', mail: null, businessPhones: null })).toEqual({
      givenName: 'Ada',
      surname: null,
      userPrincipalName: null,
      mail: null,
      businessPhones: [],
      mobilePhone: null,
      jobTitle: null,
      accountEnabled: true,
    });
  });

  it('S5.2 keeps accountEnabled false', () => {
    expect(toUserFields({ accountEnabled: false }).accountEnabled).toBe(false);
  });

  it('drops objects without an id', () => {
    expect(toDirectoryUser({ givenName: 'no id' })).toBeNull();
    expect(toDirectoryUser({ id: 'u1', businessPhones: ['+1 555'] })?.user.businessPhones).toEqual([
      '+1 555',
    ]);
  });
});
