export type GraphCloud = 'global' | 'usgov' | 'dod' | 'china';

export interface GraphEndpoints {
  cloud: GraphCloud;
  /** origin of Microsoft Graph, e.g. `https://graph.microsoft.com` (no trailing slash) */
  graphEndpoint: string;
  /** origin of the Entra token service, e.g. `https://login.microsoftonline.com` */
  loginEndpoint: string;
  /** the client-credentials scope: `<graphEndpoint>/.default` */
  scope: string;
  /** a host the Graph SDK does not know (an override): it must be listed in `customHosts` to get tokens */
  customGraphHost: string | null;
}

/** National clouds (Microsoft Graph "national cloud deployments"): Graph root and Entra login root. */
export const CLOUDS: Record<GraphCloud, { graph: string; login: string }> = {
  global: { graph: 'https://graph.microsoft.com', login: 'https://login.microsoftonline.com' },
  usgov: { graph: 'https://graph.microsoft.us', login: 'https://login.microsoftonline.us' },
  dod: { graph: 'https://dod-graph.microsoft.us', login: 'https://login.microsoftonline.us' },
  china: { graph: 'https://microsoftgraph.chinacloudapi.cn', login: 'https://login.chinacloudapi.cn' },
};

const SDK_KNOWN_HOSTS = new Set([
  'graph.microsoft.com',
  'graph.microsoft.us',
  'dod-graph.microsoft.us',
  'microsoftgraph.chinacloudapi.cn',
]);

/**
 * GRAPH_CLOUD picks both roots; GRAPH_ENDPOINT / LOGIN_ENDPOINT override either (S7.5), which is also how the
 * product is pointed at the emulator. Overrides must be https origins: the Graph SDK and @azure/identity only
 * speak https.
 */
export function resolveEndpoints(
  input: { cloud?: GraphCloud; graphEndpoint?: string | null; loginEndpoint?: string | null } = {},
): GraphEndpoints {
  const cloud = input.cloud ?? 'global';
  const roots = CLOUDS[cloud];
  if (!roots)
    throw new Error(
      `Unknown Graph cloud '${String(cloud)}': expected one of ${Object.keys(CLOUDS).join(', ')}.`,
    );
  const graphEndpoint = input.graphEndpoint
    ? httpsOrigin(input.graphEndpoint, 'GRAPH_ENDPOINT')
    : roots.graph;
  const loginEndpoint = input.loginEndpoint
    ? httpsOrigin(input.loginEndpoint, 'LOGIN_ENDPOINT')
    : roots.login;
  const host = new URL(graphEndpoint).hostname;
  return {
    cloud,
    graphEndpoint,
    loginEndpoint,
    scope: `${graphEndpoint}/.default`,
    customGraphHost: SDK_KNOWN_HOSTS.has(host) ? null : host,
  };
}

function httpsOrigin(value: string, name: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${name} must be an absolute https URL, got '${value}'.`);
  }
  if (url.protocol !== 'https:')
    throw new Error(
      `${name} must use https (the Graph SDK and @azure/identity only speak https), got '${value}'.`,
    );
  if (url.pathname !== '/' || url.search || url.hash)
    throw new Error(`${name} must be an origin without a path, got '${value}'.`);
  return url.origin;
}
