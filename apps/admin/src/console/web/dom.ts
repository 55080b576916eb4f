/// <reference lib="dom" />
// Browser code (bundled by esbuild into /console/app.js). Elements are built with textContent only: no HTML
// strings, so nothing the API returns can become markup.

export type Child = Node | string | number | null | undefined | false | Child[];
type AttrValue = string | number | boolean | null | undefined | ((event: Event) => void);
export type Attrs = Record<string, AttrValue>;

function apply(el: Element, attrs: Attrs): void {
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') el.addEventListener(key.slice(2).toLowerCase(), value);
    else if (key === 'value' && 'value' in el) (el as HTMLInputElement).value = String(value);
    else if (key === 'checked' && el instanceof HTMLInputElement) el.checked = value === true;
    else el.setAttribute(key === 'className' ? 'class' : key, value === true ? '' : String(value));
  }
}

function append(el: Element, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(typeof child === 'number' ? String(child) : child);
  }
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  apply(el, attrs);
  append(el, children);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag);
  apply(el, attrs);
  append(el, children);
  return el;
}

let ids = 0;
/** A document-unique id for label/aria wiring. */
export const uid = (prefix: string): string => `${prefix}-${++ids}`;

/** A labelled form control: `<label for>` + the control, wrapped for layout. */
export function field(
  label: string,
  control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement,
  hint?: string,
): HTMLElement {
  control.id ||= uid('f');
  const hintEl = hint ? h('span', { className: 'hint', id: uid('hint') }, hint) : null;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  const checkbox = control instanceof HTMLInputElement && control.type === 'checkbox';
  return checkbox
    ? h('div', { className: 'field check' }, control, h('label', { for: control.id }, label), hintEl)
    : h('div', { className: 'field' }, h('label', { for: control.id }, label), control, hintEl);
}

export function select(
  attrs: Attrs,
  options: Array<{ value: string; label: string }>,
  selected?: string | null,
): HTMLSelectElement {
  const el = h('select', attrs, ...options.map((o) => h('option', { value: o.value }, o.label)));
  el.value = selected ?? options[0]?.value ?? '';
  return el;
}

/** Polite announcements for screen readers (sync progress, saved forms). */
export function announce(message: string): void {
  const region = document.getElementById('status');
  if (!region) return;
  region.textContent = '';
  window.setTimeout(() => (region.textContent = message), 50);
}

/** A message box in the page: `role=alert` for errors, `role=status` otherwise. */
export function notice(kind: 'error' | 'ok' | 'info', ...children: Child[]): HTMLElement {
  return h('div', { className: `notice ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, ...children);
}

export function table(caption: string, headers: string[], rows: HTMLTableRowElement[]): HTMLTableElement {
  return h(
    'table',
    {},
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, ...headers.map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, ...rows),
  );
}
