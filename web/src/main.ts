// Entry point: styles, GOV.UK Frontend's JavaScript-enabled class, and the route table.

import './styles.scss';
import { initAll } from 'govuk-frontend';
import { ApiClient } from './api';
import { App } from './app';
import { signInPage } from './pages/sign_in';
import { homePage } from './pages/home';
import { newJobPage } from './pages/new_job';
import { jobPage } from './pages/job';
import { surveyDashboardPage } from './pages/survey_dashboard';
import { historyPage } from './pages/history';
import { actionEditorPage, actionsAdminPage, adminPage, modelsPage, settingsPage, userEditPage, usersPage } from './pages/admin';
import { auditPage } from './pages/audit';
import { timeSavedPage } from './pages/time_saved';
import { tokensPage } from './pages/tokens';

// Set here rather than by an inline script, which the server's CSP forbids.
document.body.classList.add('js-enabled', 'govuk-frontend-supported');
initAll();

const app = new App(new ApiClient());
app.route('/sign-in', signInPage);
app.route('/', homePage);
app.route('/actions/:id/new', newJobPage);
app.route('/jobs', historyPage);
app.route('/jobs/:id', jobPage);
app.route('/jobs/:id/dashboard', surveyDashboardPage);
app.route('/time-saved', timeSavedPage);
app.route('/audit', auditPage);
app.route('/tokens', tokensPage);
app.route('/admin', adminPage);
app.route('/admin/models', modelsPage);
app.route('/admin/actions', actionsAdminPage);
app.route('/admin/actions/new', actionEditorPage);
app.route('/admin/actions/:id', actionEditorPage);
app.route('/admin/users', usersPage);
app.route('/admin/users/:name', userEditPage);
app.route('/admin/settings', settingsPage);
app.start();
