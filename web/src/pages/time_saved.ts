// Time saved: runs × each action's baseline minutes, by service area and month (GET /stats/time-saved).

import { barChart, kSeries } from '../charts';
import { detailsBox, heading, p, scrollable, table } from '../components';
import type { Page } from '../app';

export interface TimeSavedRow {
  month: string; // "2026-11"
  service_area: string;
  action: string;
  runs: number;
  minutes_saved: number;
}

// Hours saved per month (rows) and service area (columns), months ascending.
export function pivotByServiceArea(rows: TimeSavedRow[]): { months: string[]; areas: string[]; hours: number[][] } {
  const months = [...new Set(rows.map((r) => r.month))].sort();
  const areas = [...new Set(rows.map((r) => r.service_area))].sort();
  const hours = areas.map(() => months.map(() => 0));
  for (const r of rows) hours[areas.indexOf(r.service_area)][months.indexOf(r.month)] += r.minutes_saved / 60;
  return { months, areas, hours: hours.map((row) => row.map((h) => Math.round(h * 10) / 10)) };
}

export function monthLabel(month: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) return month;
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1)).toLocaleDateString('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });
}

export const timeSavedPage: Page = {
  permission: 'jobs.read',
  render: async ({ app, main, alive }) => {
    app.setTitle('Time saved');
    const { rows } = await app.api.get<{ rows: TimeSavedRow[] }>('/stats/time-saved');
    if (!alive()) return;
    main.append(heading('Time saved'), p('An estimate: each finished run counts the time the task takes by hand (the action’s baseline), so it does not include checking the draft.'));
    if (rows.length === 0) {
      main.append(p('No finished jobs yet.'));
      return;
    }
    const totalMinutes = rows.reduce((s, r) => s + r.minutes_saved, 0);
    const totalRuns = rows.reduce((s, r) => s + r.runs, 0);
    main.append(p(`${totalRuns} runs, about ${Math.round(totalMinutes / 60)} hours saved in all.`));
    const pv = pivotByServiceArea(rows);
    main.append(
      barChart({
        labels: pv.months.map(monthLabel),
        series: pv.areas.map((a, i) => ({ label: a, values: pv.hours[i], colour: kSeries[i % kSeries.length] })),
        stacked: true,
        summary: `Stacked bar chart of hours saved each month by service area, ${pv.months.length} months. The numbers are in the tables below.`,
      }),
      detailsBox(
        'Show hours saved by month as a table',
        scrollable(table('', ['Month', ...pv.areas], pv.months.map((m, j) => [monthLabel(m), ...pv.areas.map((_, i) => String(pv.hours[i][j]))]), pv.areas.map((_, i) => i + 1)), 'Hours by month'),
      ),
      scrollable(
        table(
          'Runs by action',
          ['Month', 'Service area', 'Action', 'Runs', 'Hours saved'],
          [...rows]
            .sort((a, b) => b.month.localeCompare(a.month) || a.service_area.localeCompare(b.service_area) || a.action.localeCompare(b.action))
            .map((r) => [monthLabel(r.month), r.service_area, r.action, String(r.runs), (r.minutes_saved / 60).toFixed(1)]),
          [3, 4],
        ),
        'Runs by action',
      ),
    );
  },
};
