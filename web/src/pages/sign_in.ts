// Sign in with a local account (POST /session); the CSRF token comes back with the session.

import { ApiError } from '../api';
import { button, heading, showErrorSummary, setFieldError, textInput } from '../components';
import { h } from '../dom';
import type { Page } from '../app';

export const signInPage: Page = {
  public: true,
  render: ({ app, main, query }) => {
    app.setTitle('Sign in');
    const next = query.get('next') ?? '/';
    if (app.me) {
      app.navigate(next, true);
      return;
    }
    const form = h(
      'form',
      { novalidate: true, class: 'borough-narrow' },
      textInput({ id: 'username', name: 'username', label: 'Username', autocomplete: 'username', width: '20', spellcheck: false }),
      textInput({ id: 'password', name: 'password', label: 'Password', type: 'password', autocomplete: 'current-password', width: '20' }),
      button('Sign in', null, '', 'submit'),
    );
    main.append(heading('Sign in to the workbench'), h('p', { class: 'govuk-body' }, 'Use the account your administrator gave you.'), form);
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      void (async () => {
        const username = (form.querySelector('#username') as HTMLInputElement).value.trim();
        const password = (form.querySelector('#password') as HTMLInputElement).value;
        setFieldError(form, 'username', null);
        setFieldError(form, 'password', null);
        const errors = [];
        if (username === '') errors.push({ href: '#username', text: 'Enter your username' });
        if (password === '') errors.push({ href: '#password', text: 'Enter your password' });
        for (const e of errors) setFieldError(form, e.href.slice(1), e.text);
        if (errors.length) {
          app.setTitle('Sign in', true);
          showErrorSummary(main, errors);
          return;
        }
        const submit = form.querySelector('button');
        submit?.setAttribute('disabled', '');
        try {
          const me = await app.api.signIn(username, password);
          await app.signedIn(me, next);
        } catch (err) {
          let text = 'Enter a correct username and password';
          if (err instanceof ApiError && err.status === 429) {
            text = `Too many attempts to sign in. Try again in ${err.retryAfterSeconds ?? 60} seconds`;
          } else if (err instanceof ApiError && err.status !== 401 && err.status !== 400) {
            text = err.message;
          }
          app.setTitle('Sign in', true);
          showErrorSummary(main, [{ href: '#username', text }]);
        } finally {
          submit?.removeAttribute('disabled');
        }
      })();
    });
  },
};
