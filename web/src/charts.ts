// Chart.js charts (loaded on first use, so only the dashboards pay for it), each with a text
// alternative: the canvas is role="img" with a summary, and the numbers are in a table beside it.

import type { Chart as ChartType, ChartConfiguration } from 'chart.js';
import { h } from './dom';

export const kColours = {
  blue: '#1d70b8',
  green: '#00703c',
  red: '#d4351c',
  grey: '#505a5f',
  yellow: '#ffdd00',
  orange: '#f47738',
  purple: '#4c2c92',
  turquoise: '#28a197',
};
export const kSeries = [kColours.blue, kColours.turquoise, kColours.purple, kColours.orange, kColours.grey, kColours.green, kColours.red];

let chartModule: Promise<typeof import('./chart_setup')> | null = null;

function loadChart(): Promise<typeof import('./chart_setup')> {
  chartModule ??= import('./chart_setup');
  return chartModule;
}

export interface BarSeries {
  label: string;
  values: number[];
  colour: string;
}

// A bar chart in a fixed-height box (so it keeps its size on a phone). `summary` is what a screen
// reader hears for the canvas; the table beside it carries the numbers.
export function barChart(opts: {
  labels: string[];
  series: BarSeries[];
  summary: string;
  horizontal?: boolean;
  stacked?: boolean;
  percent?: boolean;
  onCreate?: (chart: ChartType) => void;
}): HTMLDivElement {
  const canvas = h('canvas', { role: 'img', 'aria-label': opts.summary });
  const rows = Math.max(opts.labels.length, 3);
  const box = h('div', { class: `borough-chart ${opts.horizontal ? `borough-chart--rows-${Math.min(20, rows)}` : ''}`.trim() }, canvas);
  void loadChart().then((m) => {
    const axis = opts.horizontal ? 'x' : 'y';
    const config: ChartConfiguration<'bar'> = {
      type: 'bar',
      data: {
        labels: opts.labels.map((l) => (l.length > 48 ? `${l.slice(0, 47)}…` : l)),
        datasets: opts.series.map((s) => ({ label: s.label, data: s.values, backgroundColor: s.colour, borderWidth: 0 })),
      },
      options: {
        indexAxis: opts.horizontal ? 'y' : 'x',
        responsive: true,
        maintainAspectRatio: false,
        plugins: { legend: { display: opts.series.length > 1, position: 'bottom' } },
        scales: {
          x: { stacked: !!opts.stacked },
          y: { stacked: !!opts.stacked },
          [axis]: { stacked: !!opts.stacked, beginAtZero: true, max: opts.percent ? 100 : undefined, ticks: opts.percent ? { callback: (v: string | number) => `${v}%` } : {} },
        },
      },
    };
    const chart = new m.Chart(canvas, config);
    opts.onCreate?.(chart);
  });
  return box;
}
