export { ExitCode, CliError } from './exit-codes';
export { ApiClient, ApiError } from './api-client';
export { apiConfig, type ApiConfig } from './config';
export { commands } from './commands';
