// GOV.UK Design System components built as DOM (the Nunjucks macros' markup, written in TypeScript).

import { ErrorSummary } from 'govuk-frontend';
import { type Child, h } from './dom';
import { ApiError } from './api';

export function heading(text: string, size: 'xl' | 'l' | 'm' | 's' = 'l', caption?: string): HTMLHeadingElement {
  return h(
    'h1',
    { class: `govuk-heading-${size}`, tabindex: '-1' },
    caption ? h('span', { class: `govuk-caption-${size === 'xl' ? 'l' : 'm'}` }, caption) : null,
    text,
  );
}

export function p(...children: Child[]): HTMLParagraphElement {
  return h('p', { class: 'govuk-body' }, ...children);
}

export function link(href: string, text: string, extraClass = ''): HTMLAnchorElement {
  return h('a', { class: `govuk-link ${extraClass}`.trim(), href, 'data-link': true }, text);
}

export function button(
  text: string,
  onClick: ((ev: Event) => void) | null,
  variant: '' | 'secondary' | 'warning' = '',
  type: 'button' | 'submit' = 'button',
): HTMLButtonElement {
  const cls = variant ? `govuk-button govuk-button--${variant}` : 'govuk-button';
  const b = h('button', { class: cls, type, 'data-module': 'govuk-button' }, text);
  if (onClick) b.addEventListener('click', onClick);
  return b;
}

export function buttonLink(href: string, text: string, variant: '' | 'secondary' = '', download = false): HTMLAnchorElement {
  const cls = variant ? `govuk-button govuk-button--${variant}` : 'govuk-button';
  return h('a', { class: cls, href, role: 'button', draggable: 'false', download, 'data-link': !download }, text);
}

const kStatusColours: Record<string, string> = {
  queued: 'govuk-tag--grey',
  running: 'govuk-tag--blue',
  succeeded: 'govuk-tag--green',
  failed: 'govuk-tag--red',
  cancelled: 'govuk-tag--yellow',
  draft: 'govuk-tag--purple',
  approved: 'govuk-tag--green',
  rejected: 'govuk-tag--red',
};

export function tag(text: string): HTMLElement {
  return h('strong', { class: `govuk-tag ${kStatusColours[text] ?? 'govuk-tag--grey'}` }, statusLabel(text));
}

export function statusLabel(status: string): string {
  if (status === '') return '';
  return status.charAt(0).toUpperCase() + status.slice(1);
}

export function summaryList(rows: [string, Child | Child[]][]): HTMLDListElement {
  return h(
    'dl',
    { class: 'govuk-summary-list' },
    rows.map(([k, v]) =>
      h('div', { class: 'govuk-summary-list__row' }, h('dt', { class: 'govuk-summary-list__key' }, k), h('dd', { class: 'govuk-summary-list__value' }, v)),
    ),
  );
}

export function table(caption: string, head: string[], rows: Child[][], numericColumns: number[] = []): HTMLTableElement {
  const numeric = new Set(numericColumns);
  return h(
    'table',
    { class: 'govuk-table' },
    caption ? h('caption', { class: 'govuk-table__caption govuk-table__caption--m' }, caption) : null,
    h(
      'thead',
      { class: 'govuk-table__head' },
      h(
        'tr',
        { class: 'govuk-table__row' },
        head.map((t, i) => h('th', { scope: 'col', class: `govuk-table__header${numeric.has(i) ? ' govuk-table__header--numeric' : ''}` }, t)),
      ),
    ),
    h(
      'tbody',
      { class: 'govuk-table__body' },
      rows.map((r) =>
        h(
          'tr',
          { class: 'govuk-table__row' },
          r.map((c, i) => h('td', { class: `govuk-table__cell${numeric.has(i) ? ' govuk-table__cell--numeric' : ''}` }, c)),
        ),
      ),
    ),
  );
}

// A wrapper that lets a wide table scroll sideways on a phone instead of widening the page.
export function scrollable(el: HTMLElement, label: string): HTMLDivElement {
  return h('div', { class: 'borough-scroll', role: 'region', 'aria-label': label, tabindex: '0' }, el);
}

export interface FieldError {
  href: string; // "#id" of the field
  text: string;
}

// Builds an error summary, focuses it (the component does so on init) and returns it.
export function errorSummary(errors: FieldError[], title = 'There is a problem'): HTMLDivElement {
  const el = h(
    'div',
    { class: 'govuk-error-summary', 'data-module': 'govuk-error-summary' },
    h(
      'div',
      { role: 'alert' },
      h('h2', { class: 'govuk-error-summary__title' }, title),
      h(
        'div',
        { class: 'govuk-error-summary__body' },
        h(
          'ul',
          { class: 'govuk-list govuk-error-summary__list' },
          errors.map((e) => h('li', null, e.href ? h('a', { href: e.href }, e.text) : e.text)),
        ),
      ),
    ),
  );
  return el;
}

// Puts an error summary at the top of `container` (replacing an earlier one) and moves focus to it.
export function showErrorSummary(container: HTMLElement, errors: FieldError[]): void {
  container.querySelector(':scope > .govuk-error-summary')?.remove();
  if (errors.length === 0) return;
  const el = errorSummary(errors);
  const h1 = container.querySelector(':scope > h1');
  if (h1) h1.before(el);
  else container.prepend(el);
  try {
    new ErrorSummary(el); // focuses it and makes its links focus the field's label
  } catch {
    el.setAttribute('tabindex', '-1');
    el.focus();
  }
}

export function apiErrorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error) return err.message;
  return String(err);
}

// A page-level error shown where content failed to load.
export function errorPanel(err: unknown): HTMLDivElement {
  return h(
    'div',
    { class: 'govuk-error-summary', role: 'alert', tabindex: '-1' },
    h('h2', { class: 'govuk-error-summary__title' }, 'Sorry, there is a problem'),
    h('div', { class: 'govuk-error-summary__body' }, p(apiErrorMessage(err))),
  );
}

export function notification(title: string, body: Child | Child[], success = false): HTMLDivElement {
  return h(
    'div',
    {
      class: `govuk-notification-banner${success ? ' govuk-notification-banner--success' : ''}`,
      role: success ? 'alert' : 'region',
      'aria-labelledby': 'notification-title',
      'data-module': 'govuk-notification-banner',
    },
    h('div', { class: 'govuk-notification-banner__header' }, h('h2', { class: 'govuk-notification-banner__title', id: 'notification-title' }, success ? 'Success' : 'Important')),
    h('div', { class: 'govuk-notification-banner__content' }, h('p', { class: 'govuk-notification-banner__heading' }, title), body),
  );
}

export function insetText(...children: Child[]): HTMLDivElement {
  return h('div', { class: 'govuk-inset-text' }, ...children);
}

export function warningText(text: string): HTMLDivElement {
  return h(
    'div',
    { class: 'govuk-warning-text' },
    h('span', { class: 'govuk-warning-text__icon', 'aria-hidden': 'true' }, '!'),
    h('strong', { class: 'govuk-warning-text__text' }, h('span', { class: 'govuk-visually-hidden' }, 'Warning'), text),
  );
}

// A labelled text input; `error` shows the GOV.UK error message and styling.
export function textInput(opts: {
  id: string;
  name: string;
  label: string;
  hint?: string;
  value?: string;
  type?: string;
  autocomplete?: string;
  width?: string;
  error?: string;
  inputmode?: string;
  spellcheck?: boolean;
}): HTMLDivElement {
  const hintId = opts.hint ? `${opts.id}-hint` : '';
  const errId = opts.error ? `${opts.id}-error` : '';
  const describedBy = [hintId, errId].filter(Boolean).join(' ');
  const input = h('input', {
    class: `govuk-input${opts.width ? ` govuk-input--width-${opts.width}` : ''}${opts.error ? ' govuk-input--error' : ''}`,
    id: opts.id,
    name: opts.name,
    type: opts.type ?? 'text',
    autocomplete: opts.autocomplete,
    inputmode: opts.inputmode,
    spellcheck: opts.spellcheck === false ? 'false' : undefined,
    'aria-describedby': describedBy || undefined,
  });
  if (opts.value !== undefined) input.value = opts.value;
  return h(
    'div',
    { class: `govuk-form-group${opts.error ? ' govuk-form-group--error' : ''}` },
    h('label', { class: 'govuk-label', for: opts.id }, opts.label),
    opts.hint ? h('div', { class: 'govuk-hint', id: hintId }, opts.hint) : null,
    opts.error ? errorMessage(errId, opts.error) : null,
    input,
  );
}

export function errorMessage(id: string, text: string): HTMLParagraphElement {
  return h('p', { class: 'govuk-error-message', id }, h('span', { class: 'govuk-visually-hidden' }, 'Error: '), text);
}

export function textarea(opts: { id: string; name: string; label: string; hint?: string; value?: string; rows?: number; labelClass?: string }): HTMLDivElement {
  const hintId = opts.hint ? `${opts.id}-hint` : '';
  const ta = h('textarea', { class: 'govuk-textarea', id: opts.id, name: opts.name, rows: opts.rows ?? 5, 'aria-describedby': hintId || undefined });
  ta.value = opts.value ?? '';
  return h(
    'div',
    { class: 'govuk-form-group' },
    h('label', { class: `govuk-label ${opts.labelClass ?? ''}`.trim(), for: opts.id }, opts.label),
    opts.hint ? h('div', { class: 'govuk-hint', id: hintId }, opts.hint) : null,
    ta,
  );
}

export function select(opts: { id: string; name: string; label: string; options: [string, string][]; value?: string; hint?: string }): HTMLDivElement {
  const hintId = opts.hint ? `${opts.id}-hint` : '';
  const sel = h(
    'select',
    { class: 'govuk-select', id: opts.id, name: opts.name, 'aria-describedby': hintId || undefined },
    opts.options.map(([value, text]) => h('option', { value }, text)),
  );
  if (opts.value !== undefined) sel.value = opts.value;
  return h(
    'div',
    { class: 'govuk-form-group' },
    h('label', { class: 'govuk-label', for: opts.id }, opts.label),
    opts.hint ? h('div', { class: 'govuk-hint', id: hintId }, opts.hint) : null,
    sel,
  );
}

// Sets or clears the GOV.UK error state of the form group that holds field `id`.
export function setFieldError(form: HTMLElement, id: string, text: string | null): void {
  const field = form.querySelector<HTMLElement>(`#${CSS.escape(id)}`);
  if (!field) return;
  const group = field.closest('.govuk-form-group');
  if (!group) return;
  group.querySelector(`#${CSS.escape(id)}-error`)?.remove();
  const inputClass = field.classList.contains('govuk-select')
    ? 'govuk-select--error'
    : field.classList.contains('govuk-textarea')
      ? 'govuk-textarea--error'
      : field.classList.contains('govuk-input')
        ? 'govuk-input--error'
        : '';
  const described = (field.getAttribute('aria-describedby') ?? '').split(' ').filter((s) => s && s !== `${id}-error`);
  if (text === null) {
    group.classList.remove('govuk-form-group--error');
    if (inputClass) field.classList.remove(inputClass);
  } else {
    group.classList.add('govuk-form-group--error');
    if (inputClass) field.classList.add(inputClass);
    const msg = errorMessage(`${id}-error`, text);
    const anchor = group.querySelector('.govuk-hint') ?? group.querySelector('.govuk-label, legend');
    if (anchor) anchor.after(msg);
    else group.prepend(msg);
    described.push(`${id}-error`);
  }
  if (described.length) field.setAttribute('aria-describedby', described.join(' '));
  else field.removeAttribute('aria-describedby');
}

export function detailsBox(summary: string, ...children: Child[]): HTMLDetailsElement {
  return h(
    'details',
    { class: 'govuk-details' },
    h('summary', { class: 'govuk-details__summary' }, h('span', { class: 'govuk-details__summary-text' }, summary)),
    h('div', { class: 'govuk-details__text' }, ...children),
  );
}
