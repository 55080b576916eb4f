const nullableString = { type: ['string', 'null'] } as const;

export const userFields = {
  id: { type: 'string', minLength: 1 },
  userPrincipalName: { type: 'string', minLength: 3, pattern: '^[^@\\s]+@[^@\\s]+$' },
  displayName: nullableString,
  givenName: nullableString,
  surname: nullableString,
  mail: nullableString,
  businessPhones: { type: 'array', items: { type: 'string' } },
  mobilePhone: nullableString,
  jobTitle: nullableString,
  department: nullableString,
  officeLocation: nullableString,
  accountEnabled: { type: 'boolean' },
} as const;

export const createUserSchema = {
  body: {
    type: 'object',
    required: ['userPrincipalName'],
    additionalProperties: false,
    properties: userFields,
  },
} as const;

const { id: _id, ...patchable } = userFields;
export const patchUserSchema = {
  body: { type: 'object', additionalProperties: false, minProperties: 1, properties: patchable },
} as const;

export const createGroupSchema = {
  body: {
    type: 'object',
    required: ['displayName'],
    additionalProperties: false,
    properties: {
      id: { type: 'string', minLength: 1 },
      displayName: { type: 'string', minLength: 1 },
      description: nullableString,
      mailNickname: { type: 'string' },
      mailEnabled: { type: 'boolean' },
      securityEnabled: { type: 'boolean' },
      groupTypes: { type: 'array', items: { type: 'string' } },
    },
  },
} as const;

export const faultSchema = {
  body: {
    type: 'object',
    additionalProperties: false,
    properties: {
      tenantId: { type: 'string' },
      latencyMs: { type: 'integer', minimum: 0, maximum: 60_000 },
      throttle: {
        type: 'object',
        required: ['share', 'retryAfterSeconds'],
        additionalProperties: false,
        properties: {
          share: { type: 'number', minimum: 0, maximum: 1 },
          retryAfterSeconds: { type: 'integer', minimum: 0 },
          limit: { type: 'integer', minimum: 1 },
        },
      },
      unavailable: {
        type: 'object',
        required: ['share'],
        additionalProperties: false,
        properties: {
          share: { type: 'number', minimum: 0, maximum: 1 },
          retryAfterSeconds: { type: 'integer', minimum: 0 },
          limit: { type: 'integer', minimum: 1 },
        },
      },
    },
  },
} as const;
