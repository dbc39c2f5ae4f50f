// Browser test of the web workbench: starts the real `borough serve` on a free loopback port with a
// fresh data directory, drives headless Chromium (playwright-core from web/node_modules, Debian's
// /usr/bin/chromium) through sign in → survey job → progress → review → approve → export → an API
// token made, used and revoked, checks every main page with axe-core (no serious or critical
// violations) and for CSP violations, and saves desktop and phone screenshots.
//   node tests/browser/workbench.mjs --borough PATH --samples DIR --artifacts DIR
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const webDir = resolve(here, '../../web');

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  if (i > 0 && i + 1 < process.argv.length) return process.argv[i + 1];
  if (fallback !== undefined) return fallback;
  throw new Error(`missing --${name}`);
}

const boroughBin = resolve(arg('borough'));
const samplesDir = resolve(arg('samples', resolve(here, '../../samples')));
const artifactsDir = resolve(arg('artifacts', resolve(here, '../../build/test-artifacts')));
const chromiumPath = arg('chromium', '/usr/bin/chromium');
const shotsDir = join(artifactsDir, 'screenshots');
mkdirSync(shotsDir, { recursive: true });

const requireWeb = createRequire(join(webDir, 'package.json'));
let chromium;
let axeSource;
try {
  ({ chromium } = requireWeb('playwright-core'));
  axeSource = readFileSync(requireWeb.resolve('axe-core/axe.min.js'), 'utf8');
} catch (err) {
  console.error(`browser test: web/node_modules is missing playwright-core or axe-core (run tools/install-deps.sh): ${err.message}`);
  process.exit(1);
}

const kPassword = 'correct-horse-battery-staple-42';
const kSurvey = join(samplesDir, 'survey', 'tenant-satisfaction-2026.csv');
const failures = [];
const step = (text) => console.log(`browser test: ${text}`);

// ---- the server -------------------------------------------------------------------------------
const dataDir = mkdtempSync(join(tmpdir(), 'borough-browser-'));
const env = { ...process.env, BOROUGH_PASSWORD: kPassword, BOROUGH_DATA_DIR: dataDir };
function cli(...args) {
  const r = spawnSync(boroughBin, ['--data-dir', dataDir, ...args], { env, encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`borough ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
}

let server;
let profileDir;
let context;

async function startServer() {
  cli('users', 'add', 'admin', '--role', 'admin', '--display-name', 'Ada Admin');
  cli('teams', 'add', 'insight', '--service-area', 'Insight');
  cli('users', 'add', 'sam', '--role', 'reviewer', '--team', 'insight');
  // No --actions-dir: the admin pages install actions in <data dir>/actions by default.
  server = spawn(boroughBin, ['--data-dir', dataDir, 'serve', '--host', '127.0.0.1', '--port', '0'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`borough serve printed no address in 60 s:\n${stderr}`)), 60_000);
    server.stderr.setEncoding('utf8');
    server.stderr.on('data', (chunk) => {
      stderr += chunk;
      const m = /borough: listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
      if (m) {
        clearTimeout(timer);
        resolvePromise(m[1]);
      }
    });
    server.on('exit', (code) => reject(new Error(`borough serve exited (${code}):\n${stderr}`)));
  });
}

// ---- checks -----------------------------------------------------------------------------------
async function axeCheck(page, name) {
  // Runs through the DevTools protocol, so the page's CSP (script-src 'self') stays on.
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
  });
  const bad = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of result) {
    const line = `axe ${name}: ${v.impact} ${v.id}: ${v.help} (${v.nodes.join(', ')})`;
    if (bad.includes(v)) failures.push(line);
    else console.log(`  note: ${line}`);
  }
  step(`axe ${name}: ${result.length} violation(s), ${bad.length} serious or critical`);
}

async function shot(page, name) {
  await page.screenshot({ path: join(shotsDir, `${name}.png`), fullPage: true });
}

async function check(page, name) {
  await page.waitForLoadState('networkidle');
  const title = await page.title();
  if (!title.includes('Borough workbench')) failures.push(`${name}: document.title is "${title}"`);
  const focused = await page.evaluate(() => document.activeElement?.tagName ?? '');
  if (focused !== 'H1' && !name.startsWith('phone')) console.log(`  note: ${name}: focus is on ${focused}, not the h1`);
  await axeCheck(page, name);
  await shot(page, name);
}

async function expectText(page, selector, text, timeout = 30_000) {
  await page.locator(selector, { hasText: text }).first().waitFor({ timeout });
}

// ---- the flow ---------------------------------------------------------------------------------
async function run() {
  const base = await startServer();
  step(`server at ${base}`);
  profileDir = mkdtempSync(join(tmpdir(), 'borough-chromium-'));
  context = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(30_000);
  page.on('console', (msg) => {
    const text = msg.text();
    if (/Content Security Policy|Refused to (apply|execute|load)/i.test(text)) failures.push(`CSP: ${text}`);
    else if (msg.type() === 'error' && !/status of 40[134]/.test(text)) console.log(`  console error: ${text}`);
  });
  page.on('pageerror', (err) => failures.push(`page error: ${err.message}`));

  // Sign in: the root redirects there.
  await page.goto(`${base}/`);
  await expectText(page, 'h1', 'Sign in');
  await check(page, 'sign-in');
  await page.locator('button[type="submit"]').click();
  await expectText(page, '.govuk-error-summary', 'Enter your username');
  await page.fill('#username', 'admin');
  await page.fill('#password', kPassword);
  await page.locator('button[type="submit"]').click();
  await expectText(page, 'h1', 'What do you need to do?');
  await expectText(page, 'h2', 'Insight');
  await check(page, 'home');

  // New job: upload the survey sample.
  await page.getByRole('link', { name: 'Survey analysis' }).click();
  await expectText(page, 'h1', 'Survey analysis');
  await check(page, 'new-job');
  await page.locator('button[type="submit"]').click();
  await expectText(page, '.govuk-error-summary', 'Select a file');
  await page.setInputFiles('#input-file', kSurvey);
  await page.locator('button[type="submit"]').click();
  await page.waitForURL(/\/jobs\/[^/]+$/);
  const jobUrl = page.url();
  step(`job ${jobUrl}`);
  if (await page.locator('#progress-text').count()) {
    await shot(page, 'job-progress');
    step(`progress: ${await page.locator('#progress-text').textContent()}`);
  }
  // Review: the page redraws when the job finishes.
  await expectText(page, 'h2', 'Draft, version', 180_000);
  await check(page, 'review');
  const cite = page.locator('.borough-cite').first();
  if ((await cite.count()) === 0) {
    failures.push('review: the draft has no citation linked to the source');
  } else {
    await cite.click();
    await page.locator('.borough-source .borough-highlight').first().waitFor();
    const focusedLine = await page.evaluate(() => document.activeElement?.id ?? '');
    if (!focusedLine.startsWith('src-line-')) failures.push(`review: a citation click focused "${focusedLine}", not a source line`);
    await shot(page, 'review-citation');
  }

  // Approve.
  await page.check('#decision');
  await page.fill('#review-comment', 'Checked against the source.');
  await page.getByRole('button', { name: 'Record my decision' }).click();
  await expectText(page, '.govuk-summary-list', 'Approved');
  step('approved');

  // Export: Word and Markdown downloads are non-empty files.
  for (const [label, ext] of [
    ['Download Word (DOCX)', '.docx'],
    ['Download Markdown', '.md'],
  ]) {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: label }).click()]);
    const file = join(artifactsDir, `export${ext}`);
    await download.saveAs(file);
    const size = statSync(file).size;
    if (!download.suggestedFilename().endsWith(ext) || size === 0) failures.push(`export ${ext}: got ${download.suggestedFilename()} (${size} bytes)`);
    step(`export ${download.suggestedFilename()}: ${size} bytes`);
  }

  // The other main pages.
  const pages = [
    [`${jobUrl}/dashboard`, 'dashboard', 'Survey dashboard'],
    [`${base}/jobs`, 'history', 'History'],
    [`${base}/time-saved`, 'time-saved', 'Time saved'],
    [`${base}/audit`, 'audit', 'Audit log'],
    [`${base}/admin`, 'admin', 'Admin'],
    [`${base}/admin/models`, 'admin-models', 'Engines and models'],
    [`${base}/admin/actions/survey-analysis`, 'admin-action-editor', 'Edit survey-analysis'],
    [`${base}/admin/users`, 'admin-users', 'Users and teams'],
    [`${base}/admin/settings`, 'admin-settings', 'Retention and settings'],
    [`${base}/tokens`, 'tokens', 'API tokens'],
  ];
  for (const [url, name, h1] of pages) {
    await page.goto(url);
    await expectText(page, 'h1', h1);
    if (name === 'dashboard') await page.locator('canvas').first().waitFor();
    await check(page, name);
  }
  await page.goto(`${base}/audit`);
  await page.getByRole('button', { name: 'Check the log has not been changed' }).click();
  await expectText(page, '#verify-result', 'The log is intact');

  // Actions: a built-in cannot be replaced, but a copy under a new id is installed and listed at once
  // (the server reloads its actions; no restart).
  await page.goto(`${base}/admin/actions/document-summary`);
  await expectText(page, 'h1', 'Edit document-summary');
  await page.getByRole('button', { name: 'Install', exact: true }).click();
  await expectText(page, '.govuk-error-summary', 'is a built-in action and cannot be replaced');
  const builtinYaml = await page.locator('#action-yaml').inputValue();
  await page.fill('#action-yaml', builtinYaml.replace(/^id: document-summary$/m, 'id: board-summary'));
  await page.getByRole('button', { name: 'Install', exact: true }).click();
  await page.waitForURL(`${base}/admin/actions`);
  await expectText(page, 'table a', 'Edit board-summary');
  step('actions: a copy of a built-in is installed and listed without a restart');

  // API tokens: made in the page and shown once, used by a script (Node's fetch with the Bearer
  // header), then revoked in the page, after which the same request is refused.
  await page.getByRole('link', { name: 'API tokens' }).click();
  await expectText(page, 'h1', 'API tokens');
  await page.getByRole('button', { name: 'Create the token' }).click();
  await expectText(page, '.govuk-error-summary', 'Enter a name for the token');
  await page.fill('#token-name', 'browser test script');
  await page.getByRole('button', { name: 'Create the token' }).click();
  const clearToken = await page.locator('#new-token-value').inputValue();
  if (!/^brg_\S+$/.test(clearToken)) failures.push(`tokens: the new token reads "${clearToken}"`);
  await check(page, 'tokens-created');
  await page.getByRole('button', { name: 'Copy the token' }).click();
  await page.locator('#copy-status').filter({ hasText: /\S/ }).waitFor();
  const kept = await page.evaluate(
    (t) => [location.href, JSON.stringify(history.state), JSON.stringify({ ...localStorage }), JSON.stringify({ ...sessionStorage }), document.cookie].some((s) => s.includes(t)),
    clearToken,
  );
  if (kept) failures.push('tokens: the clear token is in the URL, history state, storage or a cookie');
  const asScript = () => fetch(`${base}/api/v1/me`, { headers: { Authorization: `Bearer ${clearToken}`, Accept: 'application/json' } });
  let res = await asScript();
  const me = res.ok ? await res.json() : null;
  if (me?.user?.name !== 'admin') failures.push(`tokens: GET /api/v1/me with the new token answered ${res.status} (${JSON.stringify(me)})`);
  step(`tokens: the new token works from a script (${res.status})`);
  await page.goto(`${base}/tokens`);
  await expectText(page, 'h1', 'API tokens');
  const row = page.locator('tbody tr', { hasText: 'browser test script' });
  await row.waitFor();
  if ((await page.locator('#new-token').count()) !== 0 || (await page.content()).includes(clearToken)) failures.push('tokens: the clear token is shown again after leaving the page');
  if ((await row.locator('td').nth(2).textContent()) === 'Never') failures.push('tokens: "Last used" still says Never after the token was used');
  await page.getByRole('button', { name: 'Revoke browser test script' }).click();
  await expectText(page, '#revoke-confirm h2', 'Revoke “browser test script”?');
  await shot(page, 'tokens-revoke-confirm');
  await page.getByRole('button', { name: 'Yes, revoke this token' }).click();
  await expectText(page, '.govuk-notification-banner', 'You have revoked');
  await expectText(page, 'tbody tr', 'Revoked');
  res = await asScript();
  if (res.status !== 401) failures.push(`tokens: a revoked token still answers ${res.status}, not 401`);
  step(`tokens: revoked in the page; the script now gets ${res.status}`);

  // A phone: the same pages at 390 × 844.
  await page.setViewportSize({ width: 390, height: 844 });
  for (const [url, name] of [
    [`${base}/`, 'phone-home'],
    [`${base}/actions/survey-analysis/new`, 'phone-new-job'],
    [jobUrl, 'phone-review'],
    [`${jobUrl}/dashboard`, 'phone-dashboard'],
    [`${base}/tokens`, 'phone-tokens'],
  ]) {
    await page.goto(url);
    await page.locator('h1').first().waitFor();
    await check(page, name);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 2) failures.push(`${name}: the page is ${overflow}px wider than the phone screen`);
  }

  // Sign out, then the reviewer of another team does not see the admin's job.
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${base}/`);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expectText(page, 'h1', 'Sign in');
  await page.fill('#username', 'sam');
  await page.fill('#password', kPassword);
  await page.locator('button[type="submit"]').click();
  await expectText(page, 'h1', 'What do you need to do?');
  await page.goto(jobUrl);
  await expectText(page, 'h1', 'Page not found');
  step('team isolation: another team sees Page not found');
}

let exitCode = 0;
try {
  await run();
} catch (err) {
  failures.push(`flow stopped: ${err.stack ?? err}`);
  try {
    const p = context?.pages()[0];
    if (p) await p.screenshot({ path: join(shotsDir, 'failure.png'), fullPage: true });
  } catch {
    // no screenshot
  }
} finally {
  await context?.close().catch(() => {});
  server?.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
  if (profileDir) rmSync(profileDir, { recursive: true, force: true });
}
if (failures.length) {
  console.error(`browser test: ${failures.length} failure(s):`);
  for (const f of failures) console.error(`  ${f}`);
  exitCode = 1;
} else {
  step(`passed; screenshots in ${shotsDir}`);
}
process.exit(exitCode);
