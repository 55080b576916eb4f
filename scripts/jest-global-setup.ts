// Placeholder until packages/db provides the per-run template database.
export default async function globalSetup(): Promise<void> {}
