import { prepareTemplateDatabase, TEMPLATE_ENV, TEMPLATE_ERROR_ENV, testBaseUrl } from '@entra-sync/db/testing';

// Migrates ONE template database per jest run; workers inherit process.env and clone it per file.
export default async function globalSetup(): Promise<void> {
  try {
    process.env[TEMPLATE_ENV] = await prepareTemplateDatabase();
  } catch (error) {
    // Pure unit projects still run without Postgres; database tests then fail, naming the cause.
    const where = new URL(testBaseUrl());
    where.password = '';
    const reason = error instanceof Error ? error.message : String(error);
    process.env[TEMPLATE_ERROR_ENV] = `Postgres at ${where.host}: ${reason}`;
    process.stderr.write(`\n[jest] no test template database (Postgres at ${where.host}): ${reason}\n`);
  }
}
