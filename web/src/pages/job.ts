// One job: live progress while it runs (SSE), then the review page: the draft beside its source with
// citations that jump to the cited turn, sentence, page or row; edit as a new version; versions;
// approve or reject; export; re-run with another engine.

import { ApiError, seg } from '../api';
import {
  button,
  buttonLink,
  detailsBox,
  errorPanel,
  heading,
  insetText,
  link,
  p,
  scrollable,
  select,
  showErrorSummary,
  setFieldError,
  summaryList,
  table,
  tag,
  warningText,
} from '../components';
import { clear, formatDateTime, h } from '../dom';
import { buildSourceIndex, describeRef, locate, lineOfOffset, type CitationRef, type Location, type SourceIndex } from '../citations';
import { renderMarkdown } from '../markdown';
import type { App, Page, PageContext } from '../app';
import { kFinalStatuses, type Job, type JobResult, type Review, type Source, type VersionInfo } from '../types';

export function isSurveyResult(result: unknown): boolean {
  if (result === null || typeof result !== 'object') return false;
  const q = (result as { questions?: unknown }).questions;
  return Array.isArray(q) && q.some((x) => x !== null && typeof x === 'object' && Array.isArray((x as { themes?: unknown }).themes));
}

// XLSX exists only for actions that make a spreadsheet (the survey's coding workbook).
export function hasSpreadsheet(job: Job, result: unknown): boolean {
  return job.action === 'survey-analysis' || isSurveyResult(result);
}

function reviewSummary(review: Review | undefined): HTMLElement {
  const state = review?.state ?? 'draft';
  const rows: [string, Node | string][] = [['Review', tag(state)]];
  if (review?.reviewer) rows.push([state === 'approved' ? 'Approved by' : state === 'rejected' ? 'Rejected by' : 'Reviewer', review.reviewer]);
  if (review?.version) rows.push(['Version reviewed', String(review.version)]);
  if (review?.at) rows.push(['When', formatDateTime(review.at)]);
  if (review?.comment) rows.push(['Comment', review.comment]);
  return summaryList(rows);
}

function jobSummary(job: Job): HTMLElement {
  const rows: [string, Node | string][] = [
    ['Status', tag(job.status)],
    ['Started by', job.created_by ?? ''],
  ];
  if (job.team) rows.push(['Team', job.team]);
  rows.push(['Engine', [job.engine, job.model].filter(Boolean).join(': ') || 'Default']);
  rows.push(['Created', formatDateTime(job.created_at)]);
  if (job.finished_at) rows.push(['Finished', formatDateTime(job.finished_at)]);
  return summaryList(rows);
}

interface ProgressEvent {
  stage?: string;
  done?: number;
  total?: number;
}

function renderProgress(ctx: PageContext, job: Job): void {
  const { app, main, onLeave } = ctx;
  const live = h('p', { class: 'govuk-body', id: 'progress-text', 'aria-live': 'polite' }, job.status === 'queued' ? 'Waiting for a free worker.' : 'Working.');
  const bar = h('progress', { class: 'borough-progress', id: 'progress-bar', max: 1, value: 0, 'aria-labelledby': 'progress-heading' });
  const stages = h('ul', { class: 'govuk-task-list', id: 'progress-stages' });
  const seen = new Map<string, HTMLElement>();
  const cancelButton = app.can('jobs.cancel')
    ? button('Cancel this job', () => {
        void app.api
          .post(`/jobs/${seg(job.id)}/cancel`)
          .then(() => {
            live.textContent = 'Cancelling.';
          })
          .catch((err: unknown) => {
            live.textContent = err instanceof ApiError ? err.message : 'Could not cancel.';
          });
      }, 'warning')
    : null;
  // Finished units (a coded survey row, the transcript) arrive as they are saved: the newest few are
  // shown so a person can start checking before the job ends.
  const partialCount = h('p', { class: 'govuk-body', id: 'partial-count' }, '');
  const partialList = h('ul', { class: 'govuk-list', id: 'partial-results' });
  let partials = 0;
  main.append(
    h('h2', { class: 'govuk-heading-m', id: 'progress-heading' }, 'Progress'),
    live,
    bar,
    stages,
    partialCount,
    partialList,
  );
  if (cancelButton) main.append(cancelButton);

  const setStage = (stage: string, done: number, total: number) => {
    for (const [name, el] of seen) {
      if (name !== stage) {
        const status = el.querySelector('.govuk-task-list__status');
        if (status) status.textContent = 'Completed';
      }
    }
    let item = seen.get(stage);
    if (!item) {
      item = h(
        'li',
        { class: 'govuk-task-list__item' },
        h('div', { class: 'govuk-task-list__name-and-hint' }, h('span', { class: 'govuk-task-list__name' }, stage)),
        h('div', { class: 'govuk-task-list__status' }, 'In progress'),
      );
      seen.set(stage, item);
      stages.appendChild(item);
    }
    const status = item.querySelector('.govuk-task-list__status');
    if (status) status.textContent = total > 0 ? `${done} of ${total}` : 'In progress';
    bar.max = total > 0 ? total : 1;
    bar.value = total > 0 ? done : 0;
    live.textContent = total > 0 ? `${stage}: ${done} of ${total} done.` : `${stage}.`;
  };

  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    app.navigate(location.pathname + location.search, true);
  };
  let pollTimer = 0;
  const poll = () => {
    pollTimer = window.setInterval(() => {
      void app.api.get<{ job: Job }>(`/jobs/${seg(job.id)}`).then(({ job: j }) => {
        if (kFinalStatuses.has(j.status)) finish();
        else if (j.status === 'running') live.textContent = live.textContent === 'Waiting for a free worker.' ? 'Working.' : live.textContent;
      });
    }, 3000);
  };
  if (typeof EventSource === 'undefined') {
    poll();
  } else {
    const es = new EventSource(app.api.url(`/jobs/${seg(job.id)}/events`));
    es.addEventListener('status', (e) => {
      try {
        const data = JSON.parse((e as MessageEvent<string>).data) as { status?: string };
        if (data.status && kFinalStatuses.has(data.status)) {
          es.close();
          finish();
        } else if (data.status === 'running' && seen.size === 0) {
          live.textContent = 'Working.';
        }
      } catch {
        // ignore a malformed event: the next one or the poll catches up
      }
    });
    es.addEventListener('progress', (e) => {
      try {
        const data = JSON.parse((e as MessageEvent<string>).data) as ProgressEvent;
        setStage(data.stage ?? 'Working', data.done ?? 0, data.total ?? 0);
      } catch {
        // as above
      }
    });
    es.addEventListener('partial', (e) => {
      try {
        const data = JSON.parse((e as MessageEvent<string>).data) as { key?: string; bytes?: number; value?: unknown };
        partials += 1;
        partialCount.textContent = `${partials} ${partials === 1 ? 'result' : 'results'} saved so far (newest first):`;
        const preview =
          data.value === undefined
            ? `${data.bytes ?? 0} bytes (shown when the job finishes)`
            : (typeof data.value === 'string' ? data.value : JSON.stringify(data.value)).slice(0, 200);
        partialList.prepend(h('li', {}, h('strong', {}, `${data.key ?? 'result'}: `), preview));
        while (partialList.children.length > 5) partialList.lastElementChild?.remove();
      } catch {
        // as above
      }
    });
    es.addEventListener('error', () => {
      if (es.readyState === EventSource.CLOSED && !finished && pollTimer === 0) poll();
    });
    onLeave(() => es.close());
  }
  onLeave(() => window.clearInterval(pollTimer));
}

function rerunForm(app: App, job: Job, engines: [string, string][]): HTMLElement | null {
  if (!app.can('jobs.create')) return null;
  const sel = select({ id: 'rerun-engine', name: 'engine', label: 'Engine', options: engines });
  const form = h('form', { novalidate: true, class: 'borough-inline-form' }, sel, button('Run it again', null, 'secondary', 'submit'));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const engine = (form.querySelector('#rerun-engine') as HTMLSelectElement).value;
    void app.api
      .post<{ job: Job }>(`/jobs/${seg(job.id)}/rerun`, { engine })
      .then((r) => app.navigate(`/jobs/${encodeURIComponent(r.job.id)}`))
      .catch((err: unknown) => {
        setFieldError(form, 'rerun-engine', err instanceof ApiError ? err.message : String(err));
      });
  });
  return h('section', { 'aria-labelledby': 'rerun-heading' }, h('h2', { class: 'govuk-heading-m', id: 'rerun-heading' }, 'Run again with another engine'), form);
}

async function engineOptions(app: App): Promise<[string, string][]> {
  const options: [string, string][] = [['', 'Default']];
  try {
    const m = await app.api.get<{ engines: string[]; default: string; models: { name: string }[] }>('/models');
    if (m.default) options[0] = ['', `Default (${m.default})`];
    if (m.engines.includes('extractive')) options.push(['extractive', 'No language model (extractive methods)']);
    for (const model of m.models) options.push([model.name, `Model: ${model.name}`]);
  } catch {
    // only the default
  }
  return options;
}

// The source pane: numbered lines, and a highlight that a citation moves.
class SourcePane {
  readonly el: HTMLElement;
  private readonly list: HTMLOListElement;
  private readonly index: SourceIndex;
  private marked: HTMLLIElement[] = [];
  private returnTo: HTMLElement | null = null;
  private readonly back: HTMLAnchorElement;

  constructor(index: SourceIndex) {
    this.index = index;
    this.list = h('ol', { class: 'borough-source-lines' });
    const frag = document.createDocumentFragment();
    index.lines.forEach((line, i) => frag.appendChild(h('li', { id: `src-line-${i + 1}`, tabindex: '-1' }, line === '' ? '\u00a0' : line)));
    this.list.appendChild(frag);
    this.back = h('a', { class: 'govuk-link govuk-body-s borough-back-to-draft', href: '#draft-heading', hidden: true }, 'Back to the statement');
    this.back.addEventListener('click', (ev) => {
      ev.preventDefault();
      this.returnTo?.focus();
      this.back.hidden = true;
    });
    this.el = h(
      'div',
      { class: 'borough-source', role: 'region', 'aria-labelledby': 'source-heading', tabindex: '0' },
      this.list,
    );
    this.el.prepend(this.back);
  }

  show(loc: Location, from: HTMLElement): void {
    for (const li of this.marked) {
      li.classList.remove('borough-highlight');
      const line = Number(li.id.slice('src-line-'.length));
      li.textContent = this.index.lines[line - 1] || '\u00a0';
    }
    this.marked = [];
    let first = loc.line;
    let last = loc.line;
    if (loc.begin !== undefined && loc.end !== undefined && loc.end > loc.begin) {
      first = lineOfOffset(this.index, loc.begin);
      last = lineOfOffset(this.index, loc.end - 1);
    }
    for (let n = first; n <= last; n += 1) {
      const li = this.list.querySelector<HTMLLIElement>(`#src-line-${n}`);
      if (!li) continue;
      li.classList.add('borough-highlight');
      this.marked.push(li);
      if (loc.begin !== undefined && loc.end !== undefined) {
        const start = this.index.lineStarts[n - 1];
        const text = this.index.lines[n - 1];
        const b = Math.max(0, loc.begin - start);
        const e = Math.min(text.length, loc.end - start);
        if (e > b) {
          clear(li);
          li.append(text.slice(0, b), h('mark', { class: 'borough-mark' }, text.slice(b, e)), text.slice(e));
        }
      }
    }
    const target = this.marked[0];
    if (!target) return;
    this.returnTo = from;
    this.back.hidden = false;
    target.scrollIntoView({ block: 'center' });
    target.focus({ preventScroll: true });
  }
}

function citationLink(index: SourceIndex | null, pane: SourcePane | null): (text: string, refs: CitationRef[]) => Node {
  return (text, refs) => {
    if (!index || !pane) return document.createTextNode(text);
    const loc = refs.map((r) => locate(index, r)).find((l) => l !== null) ?? null;
    if (!loc) return document.createTextNode(text);
    const a = h('a', { class: 'govuk-link borough-cite', href: `#src-line-${loc.line}`, 'aria-label': `${text}: show ${refs.map(describeRef).join(' and ')} in the source` }, text);
    a.addEventListener('click', (ev) => {
      ev.preventDefault();
      pane.show(loc, a);
    });
    return a;
  };
}

async function renderReview(ctx: PageContext, job: Job): Promise<void> {
  const { app, main, alive } = ctx;
  const id = seg(job.id);
  const [result, versionsReply, source, engines] = await Promise.all([
    app.api.get<JobResult>(`/jobs/${id}/result`),
    app.api.get<{ versions: VersionInfo[] }>(`/jobs/${id}/versions`).catch(() => ({ versions: [] as VersionInfo[] })),
    app.api.get<Source>(`/jobs/${id}/source`).catch(() => null),
    engineOptions(app),
  ]);
  if (!alive()) return;
  const review = result.review ?? job.review;
  const index = source ? buildSourceIndex(source.text, result.result) : null;
  const pane = source && index ? new SourcePane(index) : null;
  const mdOptions = { rowIds: index?.rowIds, citation: citationLink(index, pane), topHeadingLevel: 3 as const };

  const state = review?.state ?? 'draft';
  if (state === 'approved' && review?.version === result.version) {
    main.append(insetText(`Approved by ${review.reviewer ?? 'a reviewer'}. Exports of this version carry no DRAFT mark.`));
  } else {
    main.append(warningText('This is a draft. Check it against the source before anyone relies on it.'));
  }
  if (result.warnings && result.warnings.length) {
    main.append(detailsBox(`Warnings (${result.warnings.length})`, h('ul', { class: 'govuk-list govuk-list--bullet' }, result.warnings.map((w) => h('li', null, w)))));
  }

  // The draft and its source, side by side on a wide screen and one above the other on a phone.
  const draftBody = h('div', { class: 'borough-draft borough-draft-pane', id: 'draft-body', role: 'region', 'aria-labelledby': 'draft-heading', tabindex: '0' });
  draftBody.appendChild(renderMarkdown(result.markdown ?? '', mdOptions));
  const editButton = app.can('outputs.edit') ? button('Edit the draft', null, 'secondary') : null;
  const draftColumn = h(
    'div',
    { class: 'govuk-grid-column-one-half borough-draft-column' },
    h('h2', { class: 'govuk-heading-m', id: 'draft-heading' }, `Draft, version ${result.version}`),
    editButton,
    draftBody,
  );
  const sourceColumn = h(
    'div',
    { class: 'govuk-grid-column-one-half borough-source-column' },
    h('h2', { class: 'govuk-heading-m', id: 'source-heading' }, source ? `Source: ${source.name}` : 'Source'),
    pane ? pane.el : p('The source is no longer stored (the retention period has passed) or cannot be shown.'),
  );
  main.append(h('div', { class: 'govuk-grid-row borough-review' }, draftColumn, sourceColumn));

  if (editButton) {
    editButton.addEventListener('click', () => {
      const ta = h('textarea', { class: 'govuk-textarea borough-editor', id: 'draft-markdown', name: 'markdown', rows: 24, spellcheck: 'true', 'aria-describedby': 'draft-markdown-hint' });
      ta.value = result.markdown ?? '';
      const form = h(
        'form',
        { novalidate: true },
        h(
          'div',
          { class: 'govuk-form-group' },
          h('label', { class: 'govuk-label govuk-label--s', for: 'draft-markdown' }, 'Draft in Markdown'),
          h('div', { class: 'govuk-hint', id: 'draft-markdown-hint' }, 'Keep the citations in square brackets: they link each statement to its source. Saving makes a new version; earlier versions are kept.'),
          ta,
        ),
        h(
          'div',
          { class: 'govuk-button-group' },
          button('Save as a new version', null, '', 'submit'),
          h('a', { class: 'govuk-link', href: location.pathname, 'data-link': true }, 'Cancel'),
        ),
      );
      form.addEventListener('submit', (ev) => {
        ev.preventDefault();
        void app.api
          .post<{ version: number }>(`/jobs/${id}/versions`, { markdown: ta.value, based_on: result.version })
          .then(() => app.navigate(location.pathname, true))
          .catch((err: unknown) => {
            const e = err instanceof ApiError ? err : null;
            const text = e?.status === 409 ? 'Someone saved a newer version while you were editing. Copy your changes, reload the page and edit the newest version.' : e?.message ?? String(err);
            setFieldError(form, 'draft-markdown', text);
            showErrorSummary(main, [{ href: '#draft-markdown', text }]);
          });
      });
      editButton.remove();
      clear(draftBody);
      draftBody.appendChild(form);
      ta.focus();
    });
  }

  // Review
  main.append(h('h2', { class: 'govuk-heading-m', id: 'review-heading' }, 'Review'), reviewSummary(review));
  if (app.can('outputs.review') && job.status === 'succeeded') main.append(reviewForm(ctx, job, result.version));

  // Export
  const exportUrl = (format: string) => app.api.url(`/jobs/${id}/export`, { format });
  main.append(
    h('h2', { class: 'govuk-heading-m', id: 'export-heading' }, 'Download'),
    p(state === 'approved' && review?.version === result.version ? 'The latest version is approved.' : 'Until the latest version is approved, downloads carry a visible DRAFT mark.'),
  );
  if (app.can('outputs.export')) {
    main.append(
      h(
          'div',
          { class: 'govuk-button-group' },
          buttonLink(exportUrl('docx'), 'Download Word (DOCX)', 'secondary', true),
          hasSpreadsheet(job, result.result) ? buttonLink(exportUrl('xlsx'), 'Download spreadsheet (XLSX)', 'secondary', true) : null,
          buttonLink(exportUrl('md'), 'Download Markdown', 'secondary', true),
        ),
    );
  }
  if (isSurveyResult(result.result)) {
    main.append(p(link(`/jobs/${encodeURIComponent(job.id)}/dashboard`, 'See the survey dashboard with charts')));
  }

  // Versions
  const versions = versionsReply.versions;
  if (versions.length) {
    const viewer = h('div', { id: 'version-viewer', 'aria-live': 'polite' });
    const rows = versions.map((v) => {
      const view = h('button', { class: 'borough-link-button govuk-link', type: 'button' }, `View version ${v.version}`);
      view.addEventListener('click', () => {
        void app.api.get<{ version: number; kind: string; format: string; content: string }>(`/jobs/${id}/versions/${v.version}`).then((r) => {
          clear(viewer);
          const body = h('div', { class: 'borough-draft borough-version' });
          if (r.format === 'md') body.appendChild(renderMarkdown(r.content, mdOptions));
          else body.appendChild(h('pre', { class: 'borough-pre' }, r.format === 'json' ? prettyJson(r.content) : r.content));
          viewer.append(h('h3', { class: 'govuk-heading-s', tabindex: '-1', id: 'version-viewer-heading' }, `Version ${r.version} (${r.kind}, ${r.format})`), body);
          viewer.querySelector<HTMLElement>('#version-viewer-heading')?.focus();
        });
      });
      return [String(v.version), v.kind, v.format, v.created_by, formatDateTime(v.created_at), view];
    });
    main.append(h('h2', { class: 'govuk-heading-m' }, 'Versions'), scrollable(table('', ['Version', 'Kind', 'Format', 'By', 'When', ''], rows), 'Versions'), viewer);
  }

  const rerun = rerunForm(app, job, engines);
  if (rerun) main.append(rerun);
}

function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

function reviewForm(ctx: PageContext, job: Job, version: number): HTMLElement {
  const { app, main } = ctx;
  const radio = (value: string, text: string, first: boolean) =>
    h(
      'div',
      { class: 'govuk-radios__item' },
      h('input', { class: 'govuk-radios__input', id: first ? 'decision' : `decision-${value}`, name: 'decision', type: 'radio', value }),
      h('label', { class: 'govuk-label govuk-radios__label', for: first ? 'decision' : `decision-${value}` }, text),
    );
  const form = h(
    'form',
    { novalidate: true },
    h(
      'div',
      { class: 'govuk-form-group' },
      h(
        'fieldset',
        { class: 'govuk-fieldset' },
        h('legend', { class: 'govuk-fieldset__legend govuk-fieldset__legend--s' }, `Your decision on version ${version}`),
        h('div', { class: 'govuk-radios', 'data-module': 'govuk-radios' }, radio('approve', 'Approve: it is accurate and ready to use', true), radio('reject', 'Reject: it needs more work', false)),
      ),
    ),
    h(
      'div',
      { class: 'govuk-form-group' },
      h('label', { class: 'govuk-label govuk-label--s', for: 'review-comment' }, 'Comment'),
      h('div', { class: 'govuk-hint', id: 'review-comment-hint' }, 'Say what needs to change if you reject it.'),
      h('textarea', { class: 'govuk-textarea', id: 'review-comment', name: 'comment', rows: 3, 'aria-describedby': 'review-comment-hint' }),
    ),
    button('Record my decision', null, '', 'submit'),
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const decision = form.querySelector<HTMLInputElement>('input[name="decision"]:checked')?.value ?? '';
    const comment = (form.querySelector('#review-comment') as HTMLTextAreaElement).value.trim();
    setFieldError(form, 'decision', null);
    setFieldError(form, 'review-comment', null);
    const errors = [];
    if (!decision) errors.push({ href: '#decision', text: 'Select approve or reject' });
    if (decision === 'reject' && comment === '') errors.push({ href: '#review-comment', text: 'Enter a comment saying why you rejected it' });
    if (errors.length) {
      for (const e of errors) setFieldError(form, e.href.slice(1), e.text);
      app.setTitle(job.action_title ?? job.action, true);
      showErrorSummary(main, errors);
      return;
    }
    void app.api
      .post<{ review: Review }>(`/jobs/${seg(job.id)}/review`, { decision, version, comment })
      .then(() => app.navigate(location.pathname, true))
      .catch((err: unknown) => {
        const e = err instanceof ApiError ? err : null;
        const text = e?.status === 409 ? 'A newer version exists. Reload the page and review the newest version.' : e?.message ?? String(err);
        const target = e?.field === 'comment' ? 'review-comment' : 'decision';
        setFieldError(form, target, text);
        showErrorSummary(main, [{ href: `#${target}`, text }]);
      });
  });
  return form;
}

export const jobPage: Page = {
  permission: 'jobs.read',
  render: async (ctx) => {
    const { app, main, params } = ctx;
    const { job } = await app.api.get<{ job: Job }>(`/jobs/${seg(params.id)}`);
    if (!ctx.alive()) return;
    const title = job.action_title || job.action;
    app.setTitle(title);
    main.append(heading(title, 'l', job.category), jobSummary(job));
    if (job.status === 'queued' || job.status === 'running') {
      renderProgress(ctx, job);
      return;
    }
    if (job.status === 'failed' || job.status === 'cancelled') {
      main.append(job.status === 'failed' ? errorPanel(new Error(job.error || 'The job failed.')) : p('This job was cancelled before it finished.'));
      const rerun = rerunForm(app, job, await engineOptions(app));
      if (rerun) main.append(rerun);
      return;
    }
    await renderReview(ctx, job);
  },
};
