import {
  AuthorizationCodeCredential,
  ClientCertificateCredential,
  ClientSecretCredential,
  type TokenCredential,
} from '@azure/identity';
import type { GraphEndpoints } from './endpoints';

/** How a connection proves itself to Entra. Client secret is the default (S7.2); the others are shaped for later. */
export type ConnectionCredential =
  | { kind: 'clientSecret'; clientSecret: string }
  | { kind: 'certificate'; certificatePem: string; sendCertificateChain?: boolean }
  | { kind: 'authorizationCode'; clientSecret: string; authorizationCode: string; redirectUri: string };

export interface GraphConnection {
  /** tenant id (GUID) or domain (`contoso.onmicrosoft.com`) */
  tenant: string;
  clientId: string;
  credential: ConnectionCredential;
}

/**
 * An @azure/identity credential for the connection. `authorityHost` is the login root of the chosen cloud (or
 * the override), instance discovery is off so a non-Microsoft login host works, and the credential does not retry
 * on its own: the caller's queue decides about retries.
 */
export function createCredential(connection: GraphConnection, endpoints: GraphEndpoints): TokenCredential {
  const options = {
    authorityHost: endpoints.loginEndpoint,
    disableInstanceDiscovery: true,
    retryOptions: { maxRetries: 0 },
  };
  const { tenant, clientId, credential } = connection;
  switch (credential.kind) {
    case 'clientSecret':
      return new ClientSecretCredential(tenant, clientId, credential.clientSecret, options);
    case 'certificate':
      return new ClientCertificateCredential(
        tenant,
        clientId,
        { certificate: credential.certificatePem },
        { ...options, sendCertificateChain: credential.sendCertificateChain ?? false },
      );
    case 'authorizationCode':
      return new AuthorizationCodeCredential(
        tenant,
        clientId,
        credential.clientSecret,
        credential.authorizationCode,
        credential.redirectUri,
        options,
      );
  }
}

/**
 * Where to send an administrator for the delegated admin-consent / authorization-code flow (S7.2); the code comes
 * back to `redirectUri` (the product's `/oauth/callback`).
 */
export function authorizationUrl(
  endpoints: GraphEndpoints,
  input: { tenant: string; clientId: string; redirectUri: string; state: string; scopes?: string[] },
): string {
  const url = new URL(`${endpoints.loginEndpoint}/${encodeURIComponent(input.tenant)}/oauth2/v2.0/authorize`);
  url.searchParams.set('client_id', input.clientId);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('redirect_uri', input.redirectUri);
  url.searchParams.set('response_mode', 'query');
  url.searchParams.set('scope', (input.scopes ?? [endpoints.scope, 'offline_access']).join(' '));
  url.searchParams.set('state', input.state);
  return url.toString();
}
