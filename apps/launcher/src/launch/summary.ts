export interface Summary {
  demo: boolean;
  url: string;
  publicUrl: string;
  /** only a generated token is printed; one the operator chose stays in their environment */
  adminToken: string | null;
  database: string;
  redis: string;
  graph: string;
  encryptionKeyFile: string | null;
  workerMetrics: string;
  runId: string | null;
}

/** Where to look once everything runs. */
export function summaryLines(s: Summary): string[] {
  const token = s.adminToken ?? '$ADMIN_TOKEN';
  const curl = (route: string) => `curl -H "Authorization: Bearer ${token}" ${s.url}${route}`;
  return [
    '',
    `  entra-sync is running${s.demo ? ' (demo)' : ''}: ${s.url}`,
    `    console       ${s.url}/console/   (sign in with the admin token; queues: ${s.url}/admin/queues)`,
    `    admin API     ${s.url}/api/*   (receiver: ${s.publicUrl}/graph/notifications)`,
    `    admin token   ${s.adminToken ? `${s.adminToken}   (generated for this run; set ADMIN_TOKEN to choose one)` : 'from ADMIN_TOKEN'}`,
    `    database      ${s.database}`,
    `    redis         ${s.redis}`,
    `    graph         ${s.graph}`,
    ...(s.encryptionKeyFile
      ? [`    secrets key   ${s.encryptionKeyFile} (ENCRYPTION_KEY, generated once and reused)`]
      : []),
    `    metrics       ${s.url}/metrics (web), ${s.workerMetrics} (worker)`,
    '  try:',
    `    ${curl('/api/contacts')}`,
    `    ${curl('/api/employees?status=active')}`,
    ...(s.runId ? [`    ${curl(`/api/sync-runs/${s.runId}`)}`] : []),
    `    ${curl('/api/queues')}`,
    '  Ctrl-C stops everything.',
    '',
  ];
}
