/** The console's files by URL name: three written by hand under `static/`, and `app.js`, the bundle of `web/`. */
export const CONSOLE_FILES = {
  'index.html': 'text/html; charset=utf-8',
  'console.css': 'text/css; charset=utf-8',
  'favicon.svg': 'image/svg+xml',
  'app.js': 'text/javascript; charset=utf-8',
} as const;

export type ConsoleFile = keyof typeof CONSOLE_FILES;

export const STATIC_FILES = Object.keys(CONSOLE_FILES).filter((name) => name !== 'app.js') as ConsoleFile[];
