// Administration: engines and models, the action editor (validated with line numbers), users and
// teams, retention. Every page here needs the admin permission.

import { ApiError, seg } from '../api';
import {
  button,
  heading,
  link,
  p,
  scrollable,
  select,
  setFieldError,
  showErrorSummary,
  summaryList,
  table,
  tag,
  textInput,
  type FieldError,
} from '../components';
import { clear, formatBytes, formatDateTime, h } from '../dom';
import { kServiceAreas } from './home';
import type { App, Page } from '../app';
import type { Action } from '../types';

// Reads named inputs of a form as trimmed strings.
function values(form: HTMLFormElement, ids: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const id of ids) out[id] = (form.querySelector<HTMLInputElement | HTMLSelectElement>(`#${id}`)?.value ?? '').trim();
  return out;
}

// Shows a failed request against the field the server named (mapped through `fieldIds`), or at the top.
function showApiError(app: App, main: HTMLElement, form: HTMLElement, err: unknown, title: string, fieldIds: Record<string, string>): void {
  const e = err instanceof ApiError ? err : new ApiError(0, 'Internal', String(err));
  const target = fieldIds[e.field] ?? '';
  if (target) setFieldError(form, target, e.message);
  app.setTitle(title, true);
  showErrorSummary(main, [{ href: target ? `#${target}` : '', text: e.message }]);
}

function required(form: HTMLFormElement, checks: [string, string][]): FieldError[] {
  const errors: FieldError[] = [];
  for (const [id, text] of checks) {
    setFieldError(form, id, null);
    const v = (form.querySelector<HTMLInputElement>(`#${id}`)?.value ?? '').trim();
    if (v === '') {
      errors.push({ href: `#${id}`, text });
      setFieldError(form, id, text);
    }
  }
  return errors;
}

export const adminPage: Page = {
  permission: 'admin',
  render: ({ app, main }) => {
    app.setTitle('Admin');
    const items: [string, string, string][] = [
      ['/admin/models', 'Engines and models', 'See the engines, add a language model file and check its hash.'],
      ['/admin/actions', 'Actions', 'Write or change an action in YAML, check it and install it.'],
      ['/admin/users', 'Users and teams', 'Add people, change roles and teams, turn accounts off.'],
      ['/admin/settings', 'Retention and settings', 'How many days source material is kept; the server settings.'],
    ];
    main.append(
      heading('Admin'),
      h(
        'ul',
        { class: 'govuk-list' },
        items.map(([href, title, text]) => h('li', { class: 'borough-action' }, h('h2', { class: 'govuk-heading-s govuk-!-margin-bottom-1' }, link(href, title)), p(text))),
      ),
    );
  },
};

interface ModelsReply {
  engines: string[];
  default: string;
  models: { name: string; size_bytes: number; sha256: string; added_at: string }[];
}

export const modelsPage: Page = {
  permission: 'admin',
  render: async ({ app, main, alive }) => {
    const title = 'Engines and models';
    app.setTitle(title);
    const m = await app.api.get<ModelsReply>('/models');
    if (!alive()) return;
    main.append(
      heading(title),
      summaryList([
        ['Engines', m.engines.join(', ') || 'None'],
        ['Default', m.default || 'Not set'],
      ]),
      h('h2', { class: 'govuk-heading-m' }, 'Models'),
      m.models.length
        ? scrollable(
            table('', ['Name', 'Size', 'SHA-256', 'Added'], m.models.map((x) => [x.name, formatBytes(x.size_bytes), h('code', { class: 'borough-code borough-hash' }, x.sha256), formatDateTime(x.added_at)]), [1]),
            'Models',
          )
        : p('No model files have been added. Jobs use the extractive methods.'),
    );
    const form = h(
      'form',
      { novalidate: true, class: 'borough-narrow' },
      textInput({ id: 'model-source', name: 'source', label: 'Where the file is', hint: 'A path on the server, or a web address on your network.', spellcheck: false }),
      textInput({ id: 'model-sha256', name: 'sha256', label: 'SHA-256 of the file', hint: '64 hexadecimal characters, from the model’s publisher.', spellcheck: false }),
      textInput({ id: 'model-name', name: 'name', label: 'Name', hint: 'Short, for people choosing an engine, like llama-3b.', width: '20', spellcheck: false }),
      button('Add the model', null, '', 'submit'),
    );
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const errors = required(form, [
        ['model-source', 'Enter the path or web address of the model file'],
        ['model-sha256', 'Enter the SHA-256 of the model file'],
      ]);
      const v = values(form, ['model-source', 'model-sha256', 'model-name']);
      if (v['model-sha256'] && !/^[0-9a-fA-F]{64}$/.test(v['model-sha256'])) {
        const text = 'The SHA-256 must be 64 characters, 0 to 9 and a to f';
        setFieldError(form, 'model-sha256', text);
        errors.push({ href: '#model-sha256', text });
      }
      if (errors.length) {
        app.setTitle(title, true);
        showErrorSummary(main, errors);
        return;
      }
      void app.api
        .post('/models', { source: v['model-source'], sha256: v['model-sha256'].toLowerCase(), name: v['model-name'] })
        .then(() => app.navigate('/admin/models', true))
        .catch((err: unknown) => showApiError(app, main, form, err, title, { source: 'model-source', sha256: 'model-sha256', name: 'model-name' }));
    });
    main.append(h('h2', { class: 'govuk-heading-m' }, 'Add a model'), p('Adding a model copies and checks the file. It can take several minutes for a large model.'), form);
  },
};

export const actionsAdminPage: Page = {
  permission: 'admin',
  render: async ({ app, main, alive }) => {
    app.setTitle('Actions');
    const { actions } = await app.api.get<{ actions: Action[] }>('/actions');
    if (!alive()) return;
    main.append(
      heading('Actions'),
      p('Built-in actions cannot be replaced, but you can copy one: open it, give your copy a new id on its id line and install it. New jobs use an installed action straight away.'),
      h('p', { class: 'govuk-body' }, h('a', { class: 'govuk-button', href: '/admin/actions/new', role: 'button', 'data-link': true }, 'Write a new action')),
      scrollable(
        table(
          '',
          ['Action', 'Service area', 'Version', ''],
          actions.map((a) => [a.title, a.category, a.version, link(`/admin/actions/${encodeURIComponent(a.id)}`, `Edit ${a.id}`)]),
        ),
        'Actions',
      ),
    );
  },
};

export interface Problem {
  message: string;
  field?: string;
  line?: number | null;
}

export function problemText(problem: Problem): string {
  const where = problem.line ? `Line ${problem.line}: ` : '';
  const field = problem.field ? ` (${problem.field})` : '';
  return `${where}${problem.message}${field}`;
}

// Moves the caret of a textarea to the start of a 1-based line and scrolls it into view.
export function selectLine(ta: HTMLTextAreaElement, line: number): void {
  const lines = ta.value.split('\n');
  let start = 0;
  for (let i = 0; i < Math.min(line - 1, lines.length); i += 1) start += lines[i].length + 1;
  const end = start + (lines[line - 1]?.length ?? 0);
  ta.focus();
  ta.setSelectionRange(start, end);
  const lineHeight = ta.scrollHeight / Math.max(lines.length, 1);
  ta.scrollTop = Math.max(0, (line - 3) * lineHeight);
}

function actionIdFromYaml(yaml: string): string {
  const m = /^id:\s*["']?([a-z0-9][a-z0-9-]*)["']?\s*$/m.exec(yaml);
  return m ? m[1] : '';
}

const kNewActionTemplate = `id: my-action
title: My action
category: Corporate
version: 1.0.0
description: What this action does, in one sentence.
baseline_minutes: 30
inputs:
  - name: document
    kind: text
    formats: [txt, md, docx]
prompts:
  system: You write plain English for council officers.
  user: |
    Summarise the text below.
    {{input}}
`;

export const actionEditorPage: Page = {
  permission: 'admin',
  render: async ({ app, main, params, alive }) => {
    const isNew = params.id === undefined;
    let yaml = kNewActionTemplate;
    let builtin = false;
    if (!isNew) {
      const r = await app.api.get<Action | { action: Action }>(`/actions/${seg(params.id)}`);
      const action = 'action' in r ? r.action : r;
      yaml = action.yaml ?? '';
      builtin = action.builtin === true;
    }
    if (!alive()) return;
    const title = isNew ? 'Write a new action' : `Edit ${params.id}`;
    app.setTitle(title);
    const ta = h('textarea', { class: 'govuk-textarea borough-editor', id: 'action-yaml', name: 'yaml', rows: 28, spellcheck: 'false', 'aria-describedby': 'action-yaml-hint' });
    ta.value = yaml;
    const problemsBox = h('div', { id: 'action-problems', 'aria-live': 'polite' });
    const cursor = h('p', { class: 'govuk-body-s borough-secondary', id: 'action-cursor', 'aria-hidden': 'true' }, 'Line 1');
    const updateCursor = () => {
      cursor.textContent = `Line ${ta.value.slice(0, ta.selectionStart).split('\n').length}`;
    };
    ta.addEventListener('keyup', updateCursor);
    ta.addEventListener('click', updateCursor);
    const showProblems = (ok: boolean, problems: Problem[]) => {
      clear(problemsBox);
      setFieldError(form, 'action-yaml', null);
      if (ok && problems.length === 0) {
        problemsBox.append(h('div', { class: 'govuk-inset-text' }, 'No problems found.'));
        return;
      }
      setFieldError(form, 'action-yaml', `${problems.length} problem${problems.length === 1 ? '' : 's'} found: see the list below the editor`);
      problemsBox.append(
        h('h2', { class: 'govuk-heading-s' }, 'Problems'),
        h(
          'ul',
          { class: 'govuk-list borough-problems' },
          problems.map((pr) => {
            const b = h('button', { class: 'borough-link-button govuk-link', type: 'button' }, problemText(pr));
            if (pr.line) b.addEventListener('click', () => selectLine(ta, pr.line ?? 1));
            return h('li', null, pr.line ? b : problemText(pr));
          }),
        ),
      );
    };
    const check = async (): Promise<boolean> => {
      const r = await app.api.post<{ ok: boolean; problems: Problem[] }>('/actions/validate', { yaml: ta.value });
      showProblems(r.ok, r.problems ?? []);
      return r.ok;
    };
    const checkButton = button('Check', () => void check().catch((err: unknown) => showApiError(app, main, form, err, title, { yaml: 'action-yaml' })), 'secondary');
    const form = h(
      'form',
      { novalidate: true },
      h(
        'div',
        { class: 'govuk-form-group' },
        h('label', { class: 'govuk-label govuk-label--s', for: 'action-yaml' }, 'Action definition (YAML)'),
        h(
          'div',
          { class: 'govuk-hint', id: 'action-yaml-hint' },
          builtin
            ? `This is a built-in action, which cannot be replaced: change the id line (id: ${params.id ?? ''}) to install your copy under a new id. `
            : '',
          'Check it before installing. Installed actions are used by new jobs straight away; jobs already run keep the version they ran with.',
        ),
        ta,
        cursor,
      ),
      problemsBox,
      h('div', { class: 'govuk-button-group' }, checkButton, button('Install', null, '', 'submit')),
    );
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      // A copy of a built-in is installed under the id its id line now gives.
      const id = isNew || builtin ? actionIdFromYaml(ta.value) : params.id;
      if (!id) {
        const text = 'Give the action an id line, like id: my-action';
        setFieldError(form, 'action-yaml', text);
        showErrorSummary(main, [{ href: '#action-yaml', text }]);
        return;
      }
      if (builtin && id === params.id) {
        const text = `Change the id line: ${id} is a built-in action and cannot be replaced`;
        setFieldError(form, 'action-yaml', text);
        showErrorSummary(main, [{ href: '#action-yaml', text }]);
        return;
      }
      void app.api
        .put<unknown>(`/actions/${seg(id)}`, { yaml: ta.value })
        .then(() => app.navigate('/admin/actions'))
        .catch((err: unknown) => {
          if (err instanceof ApiError && err.status === 400) {
            void check().catch(() => undefined);
          }
          showApiError(app, main, form, err, title, { yaml: 'action-yaml' });
        });
    });
    main.append(heading(title), form);
  },
};

interface UserRow {
  name: string;
  display_name: string;
  role: string;
  team: string;
  disabled: boolean;
  created_at: string;
}
interface TeamRow {
  name: string;
  service_area: string;
}

const kRoles: [string, string][] = [
  ['staff', 'Staff: runs actions and edits drafts'],
  ['reviewer', 'Reviewer: also approves or rejects drafts'],
  ['auditor', 'Auditor: reads jobs and the audit log of every team'],
  ['admin', 'Administrator: everything'],
];

export const usersPage: Page = {
  permission: 'admin',
  render: async ({ app, main, alive }) => {
    const title = 'Users and teams';
    app.setTitle(title);
    const [{ users }, { teams }] = await Promise.all([app.api.get<{ users: UserRow[] }>('/users'), app.api.get<{ teams: TeamRow[] }>('/teams')]);
    if (!alive()) return;
    const teamOptions: [string, string][] = [['', 'No team'], ...teams.map((t) => [t.name, `${t.name} (${t.service_area})`] as [string, string])];
    main.append(heading(title));

    main.append(
      h('h2', { class: 'govuk-heading-m' }, 'Users'),
      scrollable(
        table(
          '',
          ['User', 'Role', 'Team', 'Status', ''],
          users.map((u) => [
            h('span', null, u.display_name || u.name, h('br'), h('span', { class: 'govuk-body-s borough-secondary' }, u.name)),
            u.role,
            u.team || 'None',
            u.disabled ? tag('cancelled') : 'Active',
            link(`/admin/users/${encodeURIComponent(u.name)}`, `Change ${u.name}`),
          ]),
        ),
        'Users',
      ),
    );

    const userForm = h(
      'form',
      { novalidate: true, class: 'borough-narrow' },
      textInput({ id: 'user-name', name: 'name', label: 'Username', hint: 'Lower case letters, numbers, dots and hyphens.', width: '20', spellcheck: false, autocomplete: 'off' }),
      textInput({ id: 'user-display', name: 'display_name', label: 'Full name', autocomplete: 'off' }),
      textInput({ id: 'user-password', name: 'password', label: 'First password', hint: 'At least 12 characters. Give it to the person in a safe way.', type: 'password', width: '20', autocomplete: 'new-password' }),
      select({ id: 'user-role', name: 'role', label: 'Role', options: kRoles, value: 'staff' }),
      select({ id: 'user-team', name: 'team', label: 'Team', options: teamOptions }),
      button('Add the user', null, '', 'submit'),
    );
    userForm.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const errors = required(userForm, [
        ['user-name', 'Enter a username'],
        ['user-password', 'Enter a first password'],
      ]);
      if (errors.length) {
        app.setTitle(title, true);
        showErrorSummary(main, errors);
        return;
      }
      const v = values(userForm, ['user-name', 'user-display', 'user-password', 'user-role', 'user-team']);
      void app.api
        .post('/users', { name: v['user-name'], display_name: v['user-display'], password: (userForm.querySelector('#user-password') as HTMLInputElement).value, role: v['user-role'], team: v['user-team'] })
        .then(() => app.navigate('/admin/users', true))
        .catch((err: unknown) => showApiError(app, main, userForm, err, title, { name: 'user-name', display_name: 'user-display', password: 'user-password', role: 'user-role', team: 'user-team' }));
    });
    main.append(h('h2', { class: 'govuk-heading-m' }, 'Add a user'), userForm);

    main.append(
      h('h2', { class: 'govuk-heading-m' }, 'Teams'),
      teams.length ? scrollable(table('', ['Team', 'Service area'], teams.map((t) => [t.name, t.service_area])), 'Teams') : p('No teams yet.'),
    );
    const teamForm = h(
      'form',
      { novalidate: true, class: 'borough-narrow' },
      textInput({ id: 'team-name', name: 'name', label: 'Team name', width: '20', spellcheck: false, autocomplete: 'off' }),
      select({ id: 'team-area', name: 'service_area', label: 'Service area', options: kServiceAreas.map((a) => [a, a]) }),
      button('Add the team', null, '', 'submit'),
    );
    teamForm.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const errors = required(teamForm, [['team-name', 'Enter a team name']]);
      if (errors.length) {
        app.setTitle(title, true);
        showErrorSummary(main, errors);
        return;
      }
      const v = values(teamForm, ['team-name', 'team-area']);
      void app.api
        .post('/teams', { name: v['team-name'], service_area: v['team-area'] })
        .then(() => app.navigate('/admin/users', true))
        .catch((err: unknown) => showApiError(app, main, teamForm, err, title, { name: 'team-name', service_area: 'team-area' }));
    });
    main.append(h('h2', { class: 'govuk-heading-m' }, 'Add a team'), teamForm);
  },
};

export const userEditPage: Page = {
  permission: 'admin',
  render: async ({ app, main, params, alive }) => {
    const [{ users }, { teams }] = await Promise.all([app.api.get<{ users: UserRow[] }>('/users'), app.api.get<{ teams: TeamRow[] }>('/teams')]);
    if (!alive()) return;
    const user = users.find((u) => u.name === params.name);
    if (!user) throw new ApiError(404, 'NotFound', `There is no user called ${params.name}.`);
    const title = `Change ${user.display_name || user.name}`;
    app.setTitle(title);
    const status = h(
      'select',
      { class: 'govuk-select', id: 'edit-disabled', name: 'disabled' },
      h('option', { value: 'false' }, 'Active: can sign in'),
      h('option', { value: 'true' }, 'Turned off: cannot sign in'),
    );
    status.value = user.disabled ? 'true' : 'false';
    const form = h(
      'form',
      { novalidate: true, class: 'borough-narrow' },
      textInput({ id: 'edit-display', name: 'display_name', label: 'Full name', value: user.display_name, autocomplete: 'off' }),
      select({ id: 'edit-role', name: 'role', label: 'Role', options: kRoles, value: user.role }),
      select({ id: 'edit-team', name: 'team', label: 'Team', options: [['', 'No team'], ...teams.map((t) => [t.name, t.name] as [string, string])], value: user.team }),
      h('div', { class: 'govuk-form-group' }, h('label', { class: 'govuk-label', for: 'edit-disabled' }, 'Account'), status),
      textInput({ id: 'edit-password', name: 'password', label: 'New password (optional)', hint: 'Leave it empty to keep the current password.', type: 'password', width: '20', autocomplete: 'new-password' }),
      h('div', { class: 'govuk-button-group' }, button('Save changes', null, '', 'submit'), link('/admin/users', 'Cancel')),
    );
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const v = values(form, ['edit-display', 'edit-role', 'edit-team', 'edit-disabled']);
      const body: Record<string, unknown> = { display_name: v['edit-display'], role: v['edit-role'], team: v['edit-team'], disabled: v['edit-disabled'] === 'true' };
      const pw = (form.querySelector('#edit-password') as HTMLInputElement).value;
      if (pw !== '') body.password = pw;
      void app.api
        .patch(`/users/${seg(user.name)}`, body)
        .then(() => app.navigate('/admin/users'))
        .catch((err: unknown) => showApiError(app, main, form, err, title, { display_name: 'edit-display', role: 'edit-role', team: 'edit-team', disabled: 'edit-disabled', password: 'edit-password' }));
    });
    main.append(heading(title, 'l', user.name), form);
  },
};

export const settingsPage: Page = {
  permission: 'admin',
  render: async ({ app, main, alive }) => {
    const title = 'Retention and settings';
    app.setTitle(title);
    const [retention, settings] = await Promise.all([
      app.api.get<{ retention_days: number }>('/settings/retention'),
      app.api.get<unknown>('/settings').catch(() => null),
    ]);
    if (!alive()) return;
    const form = h(
      'form',
      { novalidate: true },
      textInput({
        id: 'retention-days',
        name: 'retention_days',
        label: 'Keep source material for this many days',
        hint: 'From 1 to 3650. After this, uploaded files and pasted text are deleted; drafts, reviews and the audit log are kept.',
        value: String(retention.retention_days),
        width: '4',
        inputmode: 'numeric',
      }),
      button('Save', null, '', 'submit'),
    );
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const raw = (form.querySelector('#retention-days') as HTMLInputElement).value.trim();
      setFieldError(form, 'retention-days', null);
      const n = Number(raw);
      if (!/^\d+$/.test(raw) || n < 1 || n > 3650) {
        const text = 'Enter a whole number of days from 1 to 3650';
        setFieldError(form, 'retention-days', text);
        app.setTitle(title, true);
        showErrorSummary(main, [{ href: '#retention-days', text }]);
        return;
      }
      void app.api
        .put('/settings/retention', { retention_days: n })
        .then(() => {
          main.querySelector('.govuk-notification-banner')?.remove();
          const banner = h(
            'div',
            { class: 'govuk-notification-banner govuk-notification-banner--success', role: 'alert', 'aria-labelledby': 'saved-title', tabindex: '-1' },
            h('div', { class: 'govuk-notification-banner__header' }, h('h2', { class: 'govuk-notification-banner__title', id: 'saved-title' }, 'Success')),
            h('div', { class: 'govuk-notification-banner__content' }, h('p', { class: 'govuk-notification-banner__heading' }, `Source material is now kept for ${n} days.`)),
          );
          main.querySelector('h1')?.after(banner);
          banner.focus();
        })
        .catch((err: unknown) => showApiError(app, main, form, err, title, { retention_days: 'retention-days' }));
    });
    main.append(heading(title), form);
    const rows = settingsRows(settings);
    if (rows.length) {
      main.append(h('h2', { class: 'govuk-heading-m' }, 'Server settings'), p('Change these in the configuration file or environment, then restart the server.'), scrollable(table('', ['Setting', 'Value'], rows), 'Server settings'));
    }
  },
};

// GET /settings: either {"settings":[{name,value,...}]} or a name → value object.
export function settingsRows(settings: unknown): string[][] {
  if (settings === null || typeof settings !== 'object') return [];
  const s = settings as Record<string, unknown>;
  const list = Array.isArray(s.settings) ? s.settings : null;
  const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
  if (list) {
    return list
      .filter((x): x is Record<string, unknown> => x !== null && typeof x === 'object')
      .map((x) => [String(x.name ?? ''), show(x.value ?? x.current ?? '')]);
  }
  return Object.entries(s).map(([k, v]) => [k, show(v)]);
}
