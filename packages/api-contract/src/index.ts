// The admin API's request and response schemas, declared once (STYLE habit 17). The server validates and
// declares its routes with them and generates OpenAPI from them; the console and the CLI import types only.
export * from './primitives';
export * from './problem.schema';
export * from './connection.schema';
export * from './sync-run.schema';
export * from './rule.schema';
export * from './record.schema';
export * from './account.schema';
export * from './employee-defaults.schema';
export * from './login.schema';
export * from './audit.schema';
export * from './operator-audit.schema';
export * from './confirmation.schema';
export * from './plan.schema';
export * from './explain.schema';
export * from './preview.schema';
export * from './queue.schema';
export * from './console-session.schema';
export * from './session.schema';
export * from './openapi';
