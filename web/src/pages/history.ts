// History: the team's jobs, newest first, filtered by status (GET /jobs?status=&before=&limit=).

import { heading, p, scrollable, table, tag } from '../components';
import { formatDateTime, h } from '../dom';
import type { Page } from '../app';
import type { Job } from '../types';

const kStatuses: [string, string][] = [
  ['', 'All'],
  ['queued', 'Queued'],
  ['running', 'Running'],
  ['succeeded', 'Succeeded'],
  ['failed', 'Failed'],
  ['cancelled', 'Cancelled'],
];
const kPageSize = 50;

export const historyPage: Page = {
  permission: 'jobs.read',
  render: async ({ app, main, query, alive }) => {
    const status = query.get('status') ?? '';
    const before = query.get('before') ?? '';
    app.setTitle('History');
    const { jobs } = await app.api.get<{ jobs: Job[] }>('/jobs', { status, before, limit: kPageSize });
    if (!alive()) return;
    const sel = h('select', { class: 'govuk-select', id: 'status', name: 'status' }, kStatuses.map(([v, t]) => h('option', { value: v }, t)));
    sel.value = status;
    const form = h(
      'form',
      { class: 'borough-inline-form', method: 'get', action: '/jobs' },
      h('div', { class: 'govuk-form-group' }, h('label', { class: 'govuk-label', for: 'status' }, 'Status'), sel),
      h('button', { class: 'govuk-button govuk-button--secondary', type: 'submit', 'data-module': 'govuk-button' }, 'Show jobs'),
    );
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      app.navigate(sel.value ? `/jobs?status=${encodeURIComponent(sel.value)}` : '/jobs');
    });
    main.append(heading('History'), p('Jobs started by your team, newest first.'), form);
    if (jobs.length === 0) {
      main.append(p(before ? 'There are no older jobs.' : 'There are no jobs to show.'));
      return;
    }
    const rows = jobs.map((j) => [
      h('a', { class: 'govuk-link', href: `/jobs/${encodeURIComponent(j.id)}`, 'data-link': true }, j.action_title || j.action),
      tag(j.status),
      j.status === 'succeeded' ? tag(j.review?.state ?? 'draft') : '',
      j.created_by ?? '',
      formatDateTime(j.created_at),
    ]);
    main.append(scrollable(table('', ['Action', 'Status', 'Review', 'Started by', 'Created'], rows), 'Jobs'));
    if (jobs.length === kPageSize) {
      const last = jobs[jobs.length - 1].created_at ?? '';
      const q = new URLSearchParams({ before: last });
      if (status) q.set('status', status);
      main.append(
        h(
          'nav',
          { class: 'govuk-pagination govuk-pagination--block', 'aria-label': 'Pages of jobs' },
          h('div', { class: 'govuk-pagination__next' }, h('a', { class: 'govuk-link govuk-pagination__link', href: `/jobs?${q.toString()}`, rel: 'next', 'data-link': true }, h('span', { class: 'govuk-pagination__link-title' }, 'Older jobs'))),
        ),
      );
    }
  },
};
