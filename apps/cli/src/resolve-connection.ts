import { ApiError, type ApiClient } from './api-client';
import type { Connection } from './api-types';
import { CliError, ExitCode } from './exit-codes';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `<connection>` is an id or a name; names are unique in any case (B6), so a name matches case-insensitively. */
export async function resolveConnection(api: ApiClient, ref: string): Promise<Connection> {
  const wanted = ref.trim();
  if (UUID.test(wanted)) {
    try {
      return await api.get<Connection>(`/api/connections/${wanted}`);
    } catch (err) {
      // a name may look like a UUID too; fall through to the names
      if (!(err instanceof ApiError && err.status === 404)) throw err;
    }
  }
  const { items } = await api.list<Connection>('/api/connections');
  const match = items.find((c) => c.name.toLowerCase() === wanted.toLowerCase());
  if (!match)
    throw new CliError(
      ExitCode.failure,
      `no connection with the id or name '${wanted}' (see entra-sync connection list)`,
    );
  return match;
}
