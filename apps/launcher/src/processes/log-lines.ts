// Children log pino JSON; a newcomer watching `npm start` reads one short line per event instead.

const LEVELS: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: '',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};
const HIDDEN = new Set(['level', 'time', 'pid', 'hostname', 'service', 'version', 'msg', 'reqId']);

function show(value: unknown): string {
  if (typeof value === 'string') return /\s/.test(value) ? JSON.stringify(value) : value;
  return JSON.stringify(value);
}

function errorText(err: unknown): string {
  if (err && typeof err === 'object' && 'message' in err) {
    const { type, message } = err as { type?: string; message?: unknown };
    return JSON.stringify(`${type ?? 'Error'}: ${String(message)}`);
  }
  return show(err);
}

/** `{"level":40,"msg":"job failed","jobId":"7",...}` → `WARN job failed jobId=7`; other text unchanged. */
export function renderLogLine(line: string): string {
  if (!line.startsWith('{')) return line;
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  if (typeof entry !== 'object' || entry === null || !('level' in entry)) return line;
  const level = LEVELS[entry.level as number] ?? String(entry.level);
  const fields = Object.entries(entry)
    .filter(([key, value]) => !HIDDEN.has(key) && value !== undefined)
    .map(([key, value]) => `${key}=${key === 'err' ? errorText(value) : show(value)}`);
  return [level, typeof entry.msg === 'string' ? entry.msg : '', ...fields].filter((s) => s !== '').join(' ');
}

export const prefixOf = (name: string): string => `[${name}]`;
