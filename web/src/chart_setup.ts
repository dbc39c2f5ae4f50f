// The Chart.js pieces the dashboards use, registered once; imported lazily by charts.ts so that
// Chart.js is tree-shaken and only the dashboard pages load it.
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);
Chart.defaults.font.family = 'arial, sans-serif';
Chart.defaults.font.size = 14;
Chart.defaults.color = '#0b0c0c';
Chart.defaults.animation = false;

export { Chart };
