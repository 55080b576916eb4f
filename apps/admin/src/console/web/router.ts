/// <reference lib="dom" />
import { describeError } from './api';
import { h, notice } from './dom';

/** What a page gets: its container, the route's parameters, and timers that stop when the page is left. */
export interface View {
  main: HTMLElement;
  params: Record<string, string>;
  query: URLSearchParams;
  /** sets the page's h1 and the document title */
  heading(text: string): HTMLHeadingElement;
  every(ms: number, task: () => void | Promise<void>): void;
  onLeave(task: () => void): void;
  /** false once the user navigated away (late answers must not draw) */
  current(): boolean;
}

export type Page = (view: View) => void | Promise<void>;

interface Route {
  pattern: RegExp;
  keys: string[];
  page: Page;
  /** the nav link this route belongs to */
  nav: string;
}

const routes: Route[] = [];

export function route(path: string, page: Page, nav = path): void {
  const keys: string[] = [];
  const pattern = new RegExp(
    `^${path.replace(/:(\w+)/g, (_m, key: string) => {
      keys.push(key);
      return '([^/]+)';
    })}$`,
  );
  routes.push({ pattern, keys, page, nav });
}

let leaving: Array<() => void> = [];
let generation = 0;

export function navigate(hash: string): void {
  if (location.hash === hash) void render();
  else location.hash = hash;
}

export function currentPath(): { path: string; query: URLSearchParams } {
  const raw = location.hash.replace(/^#/, '') || '/connections';
  const [path = '/connections', search = ''] = raw.split('?');
  return { path, query: new URLSearchParams(search) };
}

/** Draws the page the hash names, then moves focus to its heading so screen readers hear the new page. */
export async function render(fallback?: Page): Promise<void> {
  for (const task of leaving) task();
  leaving = [];
  const mine = ++generation;
  const main = document.getElementById('main') as HTMLElement;
  const { path, query } = currentPath();
  const found = routes
    .map((r) => ({ r, m: r.pattern.exec(path) }))
    .find((x): x is { r: Route; m: RegExpExecArray } => x.m !== null);
  const page = fallback ?? found?.r.page;
  const params: Record<string, string> = {};
  found?.r.keys.forEach((key, i) => (params[key] = decodeURIComponent(found.m[i + 1] ?? '')));
  markNav(fallback ? null : (found?.r.nav ?? null));
  main.replaceChildren(h('p', { className: 'loading' }, 'Loading…'));
  main.setAttribute('aria-busy', 'true');
  const view: View = {
    main,
    params,
    query,
    heading(text) {
      document.title = `${text} · entra-sync`;
      return h('h1', { tabindex: -1 }, text);
    },
    every(ms, task) {
      const timer = window.setInterval(() => void task(), ms);
      leaving.push(() => window.clearInterval(timer));
    },
    onLeave: (task) => leaving.push(task),
    current: () => mine === generation,
  };
  try {
    if (!page) {
      main.replaceChildren(view.heading('Not found'), notice('error', `No page at ${path}.`));
    } else {
      main.replaceChildren();
      await page(view);
    }
  } catch (err) {
    if (view.current()) main.append(notice('error', describeError(err)));
  } finally {
    if (view.current()) {
      main.removeAttribute('aria-busy');
      main.querySelector<HTMLElement>('h1')?.focus();
    }
  }
}

function markNav(nav: string | null): void {
  document.querySelectorAll<HTMLAnchorElement>('#nav a[href^="#"]').forEach((link) => {
    if (nav !== null && link.getAttribute('href') === `#${nav}`) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  });
}
