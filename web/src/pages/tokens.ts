// API tokens: the signed-in person's tokens for scripts (`Authorization: Bearer brg_...`), made and
// revoked here (GET/POST /tokens, DELETE /tokens/{id}). The clear token exists only in this page's
// DOM until the person leaves it or redraws the list: never in storage, the URL or history state.

import { ApiError, seg } from '../api';
import {
  apiErrorMessage,
  button,
  heading,
  notification,
  p,
  scrollable,
  setFieldError,
  showErrorSummary,
  table,
  tag,
  textInput,
  warningText,
} from '../components';
import { append, clear, formatDateTime, h } from '../dom';
import type { Page, PageContext } from '../app';

export interface ApiToken {
  id: string;
  name: string;
  created_at: string;
  last_used_at: string; // "" when never used
  revoked: boolean;
}

interface CreatedToken {
  name: string;
  token: string;
}

interface View {
  tokens: ApiToken[];
  created?: CreatedToken; // shown once, straight after POST /tokens
  notice?: string; // a success message, e.g. after a revoke
}

const kTitle = 'API tokens';
// The server names the field "name" (docs/api.md); errors it reports go on this input.
const kFieldIds: Record<string, string> = { name: 'token-name' };

export function lastUsedText(iso: string): string {
  return iso ? formatDateTime(iso) : 'Never';
}

// Copies with the Clipboard API where the browser allows it (a secure context), else selects the
// text and tries the older copy command. Returns false when neither worked.
async function copyInput(input: HTMLInputElement): Promise<boolean> {
  if (window.isSecureContext && navigator.clipboard) {
    try {
      await navigator.clipboard.writeText(input.value);
      return true;
    } catch {
      // not allowed (no focus or permission): fall back to selecting it
    }
  }
  input.focus();
  input.select();
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  }
}

function createdTokenBox(created: CreatedToken): HTMLDivElement {
  const input = h('input', {
    class: 'govuk-input govuk-input--width-full borough-code',
    id: 'new-token-value',
    type: 'text',
    readonly: true,
    autocomplete: 'off',
    autocapitalize: 'off',
    spellcheck: 'false',
  });
  input.value = created.token;
  input.addEventListener('focus', () => input.select());
  const status = h('p', { class: 'govuk-body', id: 'copy-status', 'aria-live': 'polite' });
  const copy = button(
    'Copy the token',
    () =>
      void copyInput(input).then((ok) => {
        status.textContent = ok ? 'Copied. Paste it where your script keeps its secrets.' : 'Your browser did not allow copying. The token is selected: press Ctrl and C (or Command and C on a Mac).';
      }),
    'secondary',
  );
  return h(
    'div',
    { class: 'govuk-inset-text', id: 'new-token', tabindex: '-1' },
    h('h2', { class: 'govuk-heading-m' }, `Your new token “${created.name}”`),
    warningText('Copy the token now and keep it as safe as a password. It will not be shown again.'),
    h('div', { class: 'govuk-form-group' }, h('label', { class: 'govuk-label', for: 'new-token-value' }, 'Token'), input),
    copy,
    status,
  );
}

function tokenList(ctx: PageContext, view: View, confirmBox: HTMLElement): HTMLElement {
  if (view.tokens.length === 0) return p('You have no API tokens.');
  const rows = view.tokens.map((t) => {
    let action: Node;
    if (t.revoked) {
      action = tag('revoked');
    } else {
      const b = button('Revoke', () => askToRevoke(ctx, view, t, b, confirmBox), 'secondary');
      b.id = `revoke-${t.id}`;
      b.classList.add('govuk-!-margin-bottom-0');
      b.append(h('span', { class: 'govuk-visually-hidden' }, ` ${t.name}`));
      action = b;
    }
    return [t.name, formatDateTime(t.created_at), lastUsedText(t.last_used_at), action];
  });
  return scrollable(table('', ['Name', 'Created', 'Last used', ''], rows), 'Your API tokens');
}

// The confirm step: a warning and a second button, so one slip of the mouse cannot break a script.
function askToRevoke(ctx: PageContext, view: View, token: ApiToken, revokeButton: HTMLButtonElement, confirmBox: HTMLElement): void {
  const { app, main, alive } = ctx;
  clear(confirmBox);
  const title = h('h2', { class: 'govuk-heading-m', id: 'revoke-title', tabindex: '-1' }, `Revoke “${token.name}”?`);
  const yes = button(
    'Yes, revoke this token',
    () => {
      yes.disabled = true;
      void app.api
        .del<void>(`/tokens/${seg(token.id)}`)
        .then(async () => {
          const tokens = await app.api
            .get<{ tokens: ApiToken[] }>('/tokens')
            .then((r) => r.tokens)
            .catch(() => view.tokens.map((t) => (t.id === token.id ? { ...t, revoked: true } : t)));
          if (!alive()) return;
          draw(ctx, { tokens, notice: `You have revoked “${token.name}”. Scripts that use it can no longer reach the workbench.` });
          main.querySelector<HTMLElement>('.govuk-notification-banner')?.focus();
        })
        .catch((err: unknown) => {
          if (!alive()) return;
          yes.disabled = false;
          app.setTitle(kTitle, true);
          showErrorSummary(main, [{ href: '', text: apiErrorMessage(err) }]);
        });
    },
    'warning',
  );
  const cancel = h('button', { class: 'govuk-link borough-link-button', type: 'button' }, 'Cancel');
  cancel.addEventListener('click', () => {
    clear(confirmBox);
    revokeButton.focus();
  });
  confirmBox.append(
    title,
    warningText('Any script or system that uses this token will stop working straight away. You cannot undo this.'),
    h('div', { class: 'govuk-button-group' }, yes, cancel),
  );
  title.focus();
}

function createForm(ctx: PageContext, view: View): HTMLFormElement {
  const { app, main, alive } = ctx;
  const form = h(
    'form',
    { novalidate: true, class: 'borough-narrow' },
    textInput({
      id: 'token-name',
      name: 'name',
      label: 'Name',
      hint: 'Say what the token is for, so you know which one to revoke later. For example, nightly survey upload.',
      autocomplete: 'off',
    }),
    button('Create the token', null, '', 'submit'),
  );
  let busy = false;
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (busy) return;
    setFieldError(form, 'token-name', null);
    const name = (form.querySelector<HTMLInputElement>('#token-name')?.value ?? '').trim();
    if (name === '') {
      const text = 'Enter a name for the token';
      setFieldError(form, 'token-name', text);
      app.setTitle(kTitle, true);
      showErrorSummary(main, [{ href: '#token-name', text }]);
      return;
    }
    busy = true;
    void app.api
      .post<{ id: string; token: string }>('/tokens', { name })
      .then(async (created) => {
        // The token is made: show it even when the list cannot be fetched again.
        const tokens = await app.api
          .get<{ tokens: ApiToken[] }>('/tokens')
          .then((r) => r.tokens)
          .catch(() => [...view.tokens, { id: created.id, name, created_at: new Date().toISOString(), last_used_at: '', revoked: false }]);
        if (!alive()) return;
        draw(ctx, { tokens, created: { name, token: created.token } });
        main.querySelector<HTMLElement>('#new-token')?.focus();
      })
      .catch((err: unknown) => {
        busy = false;
        if (!alive()) return;
        const e = err instanceof ApiError ? err : new ApiError(0, 'Internal', apiErrorMessage(err));
        const target = kFieldIds[e.field] ?? '';
        if (target) setFieldError(form, target, e.message);
        app.setTitle(kTitle, true);
        showErrorSummary(main, [{ href: target ? `#${target}` : '', text: e.message }]);
      });
  });
  return form;
}

// A success banner that can take focus, so a screen reader announces what just happened.
function notice(text: string): HTMLDivElement {
  const banner = notification(text, null, true);
  banner.setAttribute('tabindex', '-1');
  return banner;
}

function draw(ctx: PageContext, view: View): void {
  const { app, main } = ctx;
  app.setTitle(kTitle);
  clear(main);
  const confirmBox = h('div', { id: 'revoke-confirm' });
  append(main, [
    heading(kTitle),
    view.notice ? notice(view.notice) : null,
    view.created ? createdTokenBox(view.created) : null,
    p('A script or another system uses an API token to reach the workbench as you, without signing in. It can do anything you can do, so treat it like a password and revoke it when it is no longer needed.'),
    p('The script sends the token in a header, like this: ', h('code', { class: 'borough-code' }, 'Authorization: Bearer brg_…')),
    h('h2', { class: 'govuk-heading-m' }, 'Your tokens'),
    tokenList(ctx, view, confirmBox),
    confirmBox,
    h('h2', { class: 'govuk-heading-m' }, 'Create a token'),
    createForm(ctx, view),
  ]);
}

export const tokensPage: Page = {
  render: async (ctx) => {
    ctx.app.setTitle(kTitle);
    const { tokens } = await ctx.app.api.get<{ tokens: ApiToken[] }>('/tokens');
    if (!ctx.alive()) return;
    draw(ctx, { tokens });
  },
};
