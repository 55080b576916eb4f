/** Sign-in to the console and API with the MSP's own Entra tenant (K5–K7); null when not configured. */
export interface SignInConfig {
  /** the MSP tenant's id (GUID): the issuer of accepted id tokens is `<loginEndpoint>/<tenantId>/v2.0` */
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** members of this security group (object id) may sign in */
  groupId: string;
  /** the cloud's login host (`LOGIN_ENDPOINT` or `GRAPH_CLOUD`'s) */
  loginEndpoint: string;
  /** `<PUBLIC_URL>/auth/callback` when PUBLIC_URL is set; else the request's own origin */
  publicUrl: string | null;
}

export const SIGNIN_PATHS = {
  login: '/auth/login',
  callback: '/auth/callback',
  providers: '/auth/providers',
};

/** From the parsed environment (all four ADMIN_SIGNIN_* or none: the env schema enforces it). */
export function signInConfigFrom(
  env: {
    ADMIN_SIGNIN_TENANT_ID?: string | undefined;
    ADMIN_SIGNIN_CLIENT_ID?: string | undefined;
    ADMIN_SIGNIN_CLIENT_SECRET?: string | undefined;
    ADMIN_SIGNIN_GROUP_ID?: string | undefined;
    PUBLIC_URL?: string | undefined;
  },
  loginEndpoint: string,
): SignInConfig | null {
  const {
    ADMIN_SIGNIN_TENANT_ID,
    ADMIN_SIGNIN_CLIENT_ID,
    ADMIN_SIGNIN_CLIENT_SECRET,
    ADMIN_SIGNIN_GROUP_ID,
  } = env;
  if (
    !ADMIN_SIGNIN_TENANT_ID ||
    !ADMIN_SIGNIN_CLIENT_ID ||
    !ADMIN_SIGNIN_CLIENT_SECRET ||
    !ADMIN_SIGNIN_GROUP_ID
  )
    return null;
  return {
    tenantId: ADMIN_SIGNIN_TENANT_ID,
    clientId: ADMIN_SIGNIN_CLIENT_ID,
    clientSecret: ADMIN_SIGNIN_CLIENT_SECRET,
    groupId: ADMIN_SIGNIN_GROUP_ID,
    loginEndpoint,
    publicUrl: env.PUBLIC_URL ?? null,
  };
}
