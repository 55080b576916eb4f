import { readFileSync } from 'node:fs';
import Fastify, { type FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { EmulatorContext, EmulatorSettings } from './context';
import { registerControlRoutes } from './control/control.routes';
import { BATCH_ITEM_HEADER } from './graph/batch.route';
import { graphPathOf, resourceUnits } from './state/resource-units';
import { FaultInjector } from './faults/faults';
import { registerGraph } from './graph/graph.plugin';
import { registerLoginRoutes } from './login/login.routes';
import { IdTokenSigner } from './login/id-token-signer';
import { TokenIssuer } from './login/token-issuer';
import { Notifier, type NotifierOptions } from './notifications/notifier';
import { EmulatorState } from './state/emulator-state';
import { ensureTls } from './tls/ensure-tls';

export interface EmulatorOptions {
  /** where the CA and server certificate live (created when missing); default `.data/tls` */
  tlsDir?: string;
  /** 0 picks a free port */
  port?: number;
  host?: string;
  tokenLifetimeSeconds?: number;
  settings?: Partial<EmulatorSettings>;
  notifications?: Partial<NotifierOptions>;
  /** fastify request logging */
  logger?: boolean;
  /** the clock expiries are judged by (default: the system clock) */
  now?: () => Date;
}

export interface RunningEmulator {
  /** `https://127.0.0.1:<port>`: both GRAPH_ENDPOINT and LOGIN_ENDPOINT */
  url: string;
  port: number;
  /** the CA certificate clients must trust */
  caPath: string;
  state: EmulatorState;
  faults: FaultInjector;
  /** the RS256 key of id tokens (K5); tests may make it forge */
  idTokens: IdTokenSigner;
  server: FastifyInstance;
  /** notifications and handshakes still on their way: batched, in flight or waiting for a redelivery */
  pendingNotifications(): number;
  close(): Promise<void>;
}

const DEFAULT_SETTINGS: EmulatorSettings = {
  deltaPageSize: 200,
  deltaTokenMaxAgeMs: 7 * 86_400_000,
  maxSubscriptionMinutes: 41_760,
};

const DEFAULT_NOTIFIER: NotifierOptions = {
  timeoutMs: 3_000,
  retryDelaysMs: [1_000, 5_000, 15_000],
  batchWindowMs: 25,
  maxBatch: 100,
  validationTimeoutMs: 10_000,
};

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const tls = await ensureTls(options.tlsDir ?? '.data/tls');
  const state = new EmulatorState();
  const now = options.now ?? (() => new Date());
  const ctx: EmulatorContext = {
    state,
    issuer: new TokenIssuer(options.tokenLifetimeSeconds ?? 3599, now),
    signer: new IdTokenSigner(),
    notifier: new Notifier(state, { ...DEFAULT_NOTIFIER, ...options.notifications }, now),
    settings: { ...DEFAULT_SETTINGS, ...options.settings },
    now,
  };
  const faults = new FaultInjector(state);
  const server = Fastify({
    https: { key: readFileSync(tls.keyPath), cert: readFileSync(tls.certPath) },
    logger: options.logger ?? false,
    genReqId: () => randomUUID(),
    routerOptions: { caseSensitive: false },
    bodyLimit: 4 * 1024 * 1024,
    ajv: { customOptions: { allowUnionTypes: true } },
  });
  registerParsers(server);
  server.addHook('onResponse', async (request, reply) => {
    const url = request.url;
    if (url.startsWith('/_emulator')) return;
    state.countRequest(
      `${request.method} ${request.routeOptions.url ?? 'unmatched'}`,
      reply.statusCode,
      graphCost(request.method, url, request.headers[BATCH_ITEM_HEADER] !== undefined),
    );
  });
  registerLoginRoutes(server, ctx);
  const self = { port: 0, ca: readFileSync(tls.caPath, 'utf8') };
  registerGraph(server, ctx, faults, self);
  registerControlRoutes(server, ctx, faults);
  await server.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
  self.port = port;
  const host = options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1';
  return {
    url: `https://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    caPath: tls.caPath,
    state,
    faults,
    idTokens: ctx.signer,
    server,
    pendingNotifications: () => ctx.notifier.pending(),
    async close() {
      await ctx.notifier.close();
      await server.close();
    },
  };
}

/** Form bodies for the token endpoint; JSON that tolerates an empty body (the SDK sends Content-Type on DELETE). */
function registerParsers(server: FastifyInstance): void {
  server.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_req, body, done) => {
      done(null, new URLSearchParams(body as string));
    },
  );
  server.removeContentTypeParser('application/json');
  server.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = (body as string).trim();
    if (text === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      const err = new Error('Invalid JSON body.') as Error & { statusCode: number };
      err.statusCode = 400;
      done(err, undefined);
    }
  });
  server.addContentTypeParser('text/plain', { parseAs: 'string' }, (_req, body, done) => done(null, body));
}

/** The cost of a Graph call for the counters; a $batch envelope costs nothing itself (its items are charged). */
function graphCost(method: string, url: string, batchItem: boolean) {
  const target = graphPathOf(url);
  if (!target) return undefined;
  const envelope = method === 'POST' && /^\/\$batch\/?$/i.test(target.path);
  return { batchItem, resourceUnits: envelope ? 0 : resourceUnits(method, target.path, target.query) };
}
