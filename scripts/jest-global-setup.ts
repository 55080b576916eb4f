import {
  prepareTemplateDatabase,
  TEMPLATE_ENV,
  TEMPLATE_ERROR_ENV,
  testBaseUrl,
} from '@entra-sync/db/testing';

// Migrates ONE template database per jest run; workers inherit process.env and clone it per file.
export default async function globalSetup(): Promise<void> {
  try {
    process.env[TEMPLATE_ENV] = await prepareTemplateDatabase();
  } catch (error) {
    // Pure unit projects still run without Postgres; database tests then fail, naming the cause.
    const { host } = new URL(testBaseUrl());
    const reason = error instanceof Error ? error.message : String(error);
    process.env[TEMPLATE_ERROR_ENV] = `Postgres at ${host}: ${reason}`;
    process.stderr.write(`\n[jest] no test template database (Postgres at ${host}): ${reason}\n`);
  }
}
