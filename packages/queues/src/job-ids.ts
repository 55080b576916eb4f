// Deterministic job ids collapse duplicates (STYLE habit 3). BullMQ reserves ':' in ids, and Graph object ids
// are GUIDs, so '.'-joined parts stay unambiguous.
export function jobId(...parts: (string | number)[]): string {
  return parts.map((part) => String(part).replace(/[:.]/g, '_')).join('.');
}

export const userJobId = (connectionId: string, objectId: string) => jobId('user', connectionId, objectId);
export const groupJobId = (connectionId: string, groupId: string) => jobId('group', connectionId, groupId);
