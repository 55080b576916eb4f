import { dropRunDatabases, TEMPLATE_ENV } from '@entra-sync/db/testing';

export default async function globalTeardown(): Promise<void> {
  const template = process.env[TEMPLATE_ENV];
  if (!template) return;
  await dropRunDatabases(template);
  delete process.env[TEMPLATE_ENV];
}
