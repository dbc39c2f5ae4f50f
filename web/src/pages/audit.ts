// Audit viewer: the hash-chained log (GET /audit?after=&limit=) and a button that verifies the chain.

import { button, heading, p, scrollable, table } from '../components';
import { clear, formatDateTime, h } from '../dom';
import type { Page } from '../app';

interface Entry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  detail?: unknown;
}
interface Verification {
  ok: boolean;
  entries_checked: number;
  first_bad_seq?: number | null;
  problem?: string;
}
const kPageSize = 100;

export const auditPage: Page = {
  permission: 'audit.read',
  render: async ({ app, main, query, alive }) => {
    const after = query.get('after') ?? '';
    app.setTitle('Audit log');
    const { entries } = await app.api.get<{ entries: Entry[] }>('/audit', { after, limit: kPageSize });
    if (!alive()) return;
    const result = h('div', { id: 'verify-result', 'aria-live': 'polite' });
    const verify = button('Check the log has not been changed', () => {
      clear(result);
      result.append(p('Checking.'));
      void app.api
        .get<Verification>('/audit/verify')
        .then((v) => {
          clear(result);
          result.append(
            v.ok
              ? h('div', { class: 'govuk-inset-text' }, `The log is intact: ${v.entries_checked} entries checked.`)
              : h(
                  'div',
                  { class: 'govuk-error-summary', role: 'alert' },
                  h('h2', { class: 'govuk-error-summary__title' }, 'The log has been changed'),
                  h('div', { class: 'govuk-error-summary__body' }, p(`${v.problem ?? 'An entry does not match its hash.'}${v.first_bad_seq ? ` First bad entry: ${v.first_bad_seq}.` : ''} Tell your information governance lead.`)),
                ),
          );
        })
        .catch((err: unknown) => {
          clear(result);
          result.append(p(err instanceof Error ? err.message : String(err)));
        });
    }, 'secondary');
    main.append(heading('Audit log'), p('Who ran what, on which data and model, and who approved it. Entries are chained by hash, so an edit shows.'), verify, result);
    if (entries.length === 0) {
      main.append(p('No entries.'));
      return;
    }
    main.append(
      scrollable(
        table('', ['#', 'When', 'Who', 'What', 'Subject'], entries.map((e) => [String(e.seq), formatDateTime(e.at), e.actor, e.action, h('code', { class: 'borough-code' }, e.subject)]), [0]),
        'Audit entries',
      ),
    );
    if (entries.length === kPageSize) {
      const last = entries[entries.length - 1].seq;
      main.append(
        h(
          'nav',
          { class: 'govuk-pagination govuk-pagination--block', 'aria-label': 'Pages of the audit log' },
          h('div', { class: 'govuk-pagination__next' }, h('a', { class: 'govuk-link govuk-pagination__link', href: `/audit?after=${last}`, rel: 'next', 'data-link': true }, h('span', { class: 'govuk-pagination__link-title' }, 'Later entries'))),
        ),
      );
    }
  },
};
