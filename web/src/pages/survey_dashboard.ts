// Survey dashboard: themes, sentiment and segment charts from the survey-analysis result JSON.

import { seg } from '../api';
import { barChart, kColours } from '../charts';
import { detailsBox, heading, link, p, scrollable, table } from '../components';
import { clear, h } from '../dom';
import type { Page } from '../app';
import type { Job, JobResult } from '../types';
import { isSurveyResult } from './job';

interface Sentiment {
  positive: number;
  negative: number;
  neutral: number;
  mixed: number;
}
interface Theme {
  id: string;
  parent: string | null;
  label: string;
  count: number;
  percent: number;
  sentiment?: Sentiment;
}
interface SegmentRow {
  column: string;
  value: string;
  answered: number;
  sentiment: Sentiment;
}
interface Question {
  id: string;
  column: string;
  answered: number;
  sentiment?: Sentiment;
  themes: Theme[];
  segments?: SegmentRow[];
}
interface SurveyResult {
  respondents?: number;
  questions: Question[];
  flags?: { kind: string }[];
  method?: string;
}

const kSentimentKeys: (keyof Sentiment)[] = ['positive', 'negative', 'neutral', 'mixed'];
const kSentimentColours: Record<keyof Sentiment, string> = { positive: kColours.green, negative: kColours.red, neutral: kColours.grey, mixed: kColours.orange };
const kMaxThemes = 12;

function pct(n: number, total: number): number {
  return total > 0 ? Math.round((1000 * n) / total) / 10 : 0;
}

function sentimentTotal(s: Sentiment): number {
  return s.positive + s.negative + s.neutral + s.mixed;
}

function questionSection(q: Question): HTMLElement {
  const headingId = `q-${q.id}`;
  const section = h('section', { class: 'borough-question', 'aria-labelledby': headingId }, h('h2', { class: 'govuk-heading-m', id: headingId }, `${q.id}: ${q.column}`));
  section.append(p(`${q.answered} people answered.`));

  const top = q.themes.filter((t) => !t.parent).sort((a, b) => b.count - a.count).slice(0, kMaxThemes);
  if (top.length) {
    section.append(
      h('h3', { class: 'govuk-heading-s' }, 'Most common themes'),
      barChart({
        labels: top.map((t) => t.label),
        series: [{ label: 'Answers', values: top.map((t) => t.count), colour: kColours.blue }],
        horizontal: true,
        summary: `Bar chart of the ${top.length} most common themes. The largest is ${top[0].label} with ${top[0].count} answers. The numbers are in the table below.`,
      }),
      detailsBox('Show the themes as a table', scrollable(table('', ['Theme', 'Answers', '%', 'Positive', 'Negative'], top.map((t) => [t.label, String(t.count), `${t.percent}%`, String(t.sentiment?.positive ?? ''), String(t.sentiment?.negative ?? '')]), [1, 2, 3, 4]), 'Themes')),
    );
  }

  if (q.sentiment) {
    const total = sentimentTotal(q.sentiment);
    section.append(
      h('h3', { class: 'govuk-heading-s' }, 'Sentiment'),
      barChart({
        labels: kSentimentKeys.map((k) => k.charAt(0).toUpperCase() + k.slice(1)),
        series: [{ label: 'Answers (%)', values: kSentimentKeys.map((k) => pct(q.sentiment?.[k] ?? 0, total)), colour: kColours.purple }],
        percent: true,
        summary: `Sentiment of the answers: ${kSentimentKeys.map((k) => `${pct(q.sentiment?.[k] ?? 0, total)}% ${k}`).join(', ')}.`,
      }),
    );
  }

  const segments = q.segments ?? [];
  const columns = [...new Set(segments.map((s) => s.column))];
  if (columns.length) {
    const selId = `segment-${q.id}`;
    const sel = h('select', { class: 'govuk-select', id: selId }, columns.map((c) => h('option', { value: c }, c)));
    const holder = h('div');
    const draw = () => {
      clear(holder);
      const rows = segments.filter((s) => s.column === sel.value);
      holder.append(
        barChart({
          labels: rows.map((r) => r.value),
          series: kSentimentKeys.map((k) => ({ label: k.charAt(0).toUpperCase() + k.slice(1), values: rows.map((r) => pct(r.sentiment[k], sentimentTotal(r.sentiment))), colour: kSentimentColours[k] })),
          horizontal: true,
          stacked: true,
          percent: true,
          summary: `Stacked bar chart of sentiment by ${sel.value}. The numbers are in the table below.`,
        }),
        detailsBox(
          `Show sentiment by ${sel.value} as a table`,
          scrollable(
            table('', [sel.value, 'Answered', 'Positive %', 'Negative %', 'Neutral %', 'Mixed %'], rows.map((r) => [r.value, String(r.answered), ...kSentimentKeys.map((k) => String(pct(r.sentiment[k], sentimentTotal(r.sentiment))))]), [1, 2, 3, 4, 5]),
            'Sentiment by segment',
          ),
        ),
      );
    };
    sel.addEventListener('change', draw);
    section.append(
      h('h3', { class: 'govuk-heading-s' }, 'Sentiment by group'),
      h('div', { class: 'govuk-form-group' }, h('label', { class: 'govuk-label', for: selId }, 'Group by'), sel),
      holder,
    );
    draw();
  }
  return section;
}

export const surveyDashboardPage: Page = {
  permission: 'jobs.read',
  render: async ({ app, main, params, alive }) => {
    const id = seg(params.id);
    const [{ job }, result] = await Promise.all([app.api.get<{ job: Job }>(`/jobs/${id}`), app.api.get<JobResult>(`/jobs/${id}/result`)]);
    if (!alive()) return;
    app.setTitle('Survey dashboard');
    main.append(heading('Survey dashboard', 'l', job.action_title || job.action), p(link(`/jobs/${encodeURIComponent(job.id)}`, 'Back to the draft and its review')));
    if (!isSurveyResult(result.result)) {
      main.append(p('This job did not produce a survey analysis.'));
      return;
    }
    const survey = result.result as SurveyResult;
    const flags = new Map<string, number>();
    for (const f of survey.flags ?? []) flags.set(f.kind, (flags.get(f.kind) ?? 0) + 1);
    main.append(
      p(`${survey.respondents ?? 0} respondents, ${survey.questions.length} free-text questions. Method: ${survey.method ?? result.method ?? 'not stated'}. These charts show a draft analysis.`),
    );
    if (flags.size) {
      main.append(
        h(
          'div',
          { class: 'govuk-warning-text' },
          h('span', { class: 'govuk-warning-text__icon', 'aria-hidden': 'true' }, '!'),
          h('strong', { class: 'govuk-warning-text__text' }, h('span', { class: 'govuk-visually-hidden' }, 'Warning'), `Answers a person must check: ${[...flags].map(([k, n]) => `${n} ${k.replace(/_/g, ' ')}`).join(', ')}. They are listed in the draft.`),
        ),
      );
    }
    for (const q of survey.questions) main.append(questionSection(q));
  },
};
