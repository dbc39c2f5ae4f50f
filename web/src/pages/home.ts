// Home: the actions a person can run, grouped by service area (GET /actions).

import { heading, p } from '../components';
import { h } from '../dom';
import type { Page } from '../app';
import type { Action } from '../types';

export const kServiceAreas = ['Adults', 'Children', 'HR', 'Housing', 'Democratic Services', 'Insight', 'Corporate'];

// Actions grouped by category in the fixed service-area order, then any other categories A–Z.
export function groupByServiceArea(actions: Action[]): [string, Action[]][] {
  const groups = new Map<string, Action[]>();
  for (const a of actions) {
    const key = a.category || 'Other';
    const list = groups.get(key) ?? [];
    list.push(a);
    groups.set(key, list);
  }
  const extra = [...groups.keys()].filter((k) => !kServiceAreas.includes(k)).sort();
  return [...kServiceAreas, ...extra]
    .filter((k) => groups.has(k))
    .map((k) => [k, (groups.get(k) ?? []).sort((x, y) => x.title.localeCompare(y.title))] as [string, Action[]]);
}

export const homePage: Page = {
  permission: 'jobs.read',
  render: async ({ app, main }) => {
    app.setTitle('Actions');
    const { actions } = await app.api.get<{ actions: Action[] }>('/actions');
    const canCreate = app.can('jobs.create');
    main.append(
      heading('What do you need to do?', 'l'),
      p('Choose an action. Each one prepares a draft from your material for a person to check and approve.'),
    );
    if (actions.length === 0) main.append(p('No actions are installed. Ask an administrator.'));
    for (const [area, list] of groupByServiceArea(actions)) {
      const areaId = `area-${area.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
      main.append(
        h(
          'section',
          { class: 'borough-area', 'aria-labelledby': areaId },
          h('h2', { class: 'govuk-heading-m', id: areaId }, area),
          h(
            'ul',
            { class: 'govuk-list borough-action-list' },
            list.map((a) =>
              h(
                'li',
                { class: 'borough-action' },
                h(
                  'h3',
                  { class: 'govuk-heading-s govuk-!-margin-bottom-1' },
                  canCreate ? h('a', { class: 'govuk-link', href: `/actions/${encodeURIComponent(a.id)}/new`, 'data-link': true }, a.title) : a.title,
                ),
                h('p', { class: 'govuk-body govuk-!-margin-bottom-1' }, a.description),
                a.baseline_minutes > 0
                  ? h('p', { class: 'govuk-body-s borough-secondary' }, `By hand this takes about ${formatMinutes(a.baseline_minutes)}.`)
                  : null,
              ),
            ),
          ),
        ),
      );
    }
  },
};

export function formatMinutes(minutes: number): string {
  if (minutes < 90) return `${Math.round(minutes)} minutes`;
  const hours = minutes / 60;
  return `${hours % 1 === 0 ? hours.toFixed(0) : hours.toFixed(1)} hours`;
}
