// The single-page app shell: routes (history API; the server answers index.html for unknown paths),
// the signed-in person, the service navigation, page titles and focus on navigation.

import { ApiClient, ApiError, type Me } from './api';
import { clear, h } from './dom';
import { errorPanel, heading } from './components';

export interface PageContext {
  app: App;
  params: Record<string, string>;
  query: URLSearchParams;
  main: HTMLElement;
  // Set by a page to stop timers and event streams when the person leaves it.
  onLeave: (cleanup: () => void) => void;
  // False once the person has moved to another page: async work must stop drawing.
  alive: () => boolean;
}

export interface Page {
  // Page title without the service name, set as document.title and the h1's text by the page.
  render: (ctx: PageContext) => Promise<void> | void;
  public?: boolean;
  permission?: string;
}

interface Route {
  pattern: RegExp;
  keys: string[];
  page: Page;
}

const kServiceName = 'Borough workbench';

export class App {
  readonly api: ApiClient;
  me: Me | null = null;
  private readonly routes: Route[] = [];
  private cleanups: (() => void)[] = [];
  private renderSeq = 0;

  constructor(api: ApiClient) {
    this.api = api;
    api.onUnauthenticated = () => {
      if (this.me !== null) {
        this.me = null;
        this.updateNavigation();
      }
      if (location.pathname !== '/sign-in') this.navigate(`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`, true);
    };
  }

  // `path` like "/jobs/:id"; registered in order, first match wins.
  route(path: string, page: Page): void {
    const keys: string[] = [];
    const src = path.replace(/:([a-z_]+)/g, (_, k: string) => {
      keys.push(k);
      return '([^/]+)';
    });
    this.routes.push({ pattern: new RegExp(`^${src}/?$`), keys, page });
  }

  can(permission: string): boolean {
    return this.me?.permissions.includes(permission) ?? false;
  }

  setTitle(title: string, hasError = false): void {
    document.title = `${hasError ? 'Error: ' : ''}${title} – ${kServiceName}`;
  }

  start(): void {
    document.addEventListener('click', (ev) => this.onClick(ev));
    window.addEventListener('popstate', () => void this.render());
    void this.boot();
  }

  private async boot(): Promise<void> {
    try {
      this.me = await this.api.me();
    } catch (err) {
      this.me = null;
      if (!(err instanceof ApiError) || err.status !== 401) {
        // the server is down or broken: say so on whatever page was asked for
      }
    }
    this.updateNavigation();
    await this.render();
  }

  navigate(path: string, replace = false): void {
    if (replace) history.replaceState(null, '', path);
    else history.pushState(null, '', path);
    void this.render();
  }

  private onClick(ev: MouseEvent): void {
    if (ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
    const a = (ev.target as Element | null)?.closest?.('a');
    if (!a || !a.hasAttribute('data-link') || a.hasAttribute('download')) return;
    const url = new URL(a.href, location.href);
    if (url.origin !== location.origin || url.pathname.startsWith('/api/')) return;
    ev.preventDefault();
    this.navigate(url.pathname + url.search);
  }

  async signedIn(me: Me, next: string): Promise<void> {
    this.me = me;
    this.updateNavigation();
    this.navigate(next.startsWith('/') && !next.startsWith('//') ? next : '/', true);
  }

  async signOut(): Promise<void> {
    try {
      await this.api.signOut();
    } catch {
      // the session is gone either way
    }
    this.me = null;
    this.updateNavigation();
    this.navigate('/sign-in', true);
  }

  updateNavigation(): void {
    const section = document.getElementById('service-navigation');
    const list = document.getElementById('service-navigation-list');
    const footer = document.getElementById('footer-user');
    if (!section || !list) return;
    clear(list);
    if (!this.me) {
      section.hidden = true;
      if (footer) footer.textContent = '';
      return;
    }
    section.hidden = false;
    const items: [string, string, boolean][] = [
      ['/', 'Actions', this.can('jobs.read')],
      ['/jobs', 'History', this.can('jobs.read')],
      ['/time-saved', 'Time saved', this.can('jobs.read')],
      ['/audit', 'Audit', this.can('audit.read')],
      ['/admin', 'Admin', this.can('admin')],
      ['/tokens', 'API tokens', true],
    ];
    for (const [href, text, show] of items) {
      if (!show) continue;
      list.appendChild(h('li', { class: 'govuk-service-navigation__item', 'data-href': href }, h('a', { class: 'govuk-service-navigation__link', href, 'data-link': true }, text)));
    }
    list.appendChild(
      h(
        'li',
        { class: 'govuk-service-navigation__item' },
        h('button', { class: 'govuk-service-navigation__link borough-link-button', type: 'button', onclick: () => void this.signOut() }, 'Sign out'),
      ),
    );
    if (footer) footer.textContent = `Signed in as ${this.me.user.display_name || this.me.user.name} (${this.me.user.role}${this.me.user.team ? `, ${this.me.user.team}` : ''}).`;
  }

  private markCurrentNavigation(path: string): void {
    const list = document.getElementById('service-navigation-list');
    if (!list) return;
    for (const li of Array.from(list.children)) {
      const href = li.getAttribute('data-href');
      const current = href !== null && (href === '/' ? path === '/' || path.startsWith('/actions') : path.startsWith(href));
      li.classList.toggle('govuk-service-navigation__item--active', current);
      const a = li.querySelector('a');
      if (!a) continue;
      if (current) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    }
  }

  async render(): Promise<void> {
    const seq = ++this.renderSeq;
    for (const c of this.cleanups) c();
    this.cleanups = [];
    const main = document.getElementById('main-content');
    if (!main) return;
    const path = location.pathname;
    let match: { page: Page; params: Record<string, string> } | null = null;
    for (const r of this.routes) {
      const m = r.pattern.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      r.keys.forEach((k, i) => (params[k] = decodeURIComponent(m[i + 1])));
      match = { page: r.page, params };
      break;
    }
    this.markCurrentNavigation(path);
    // On a phone the menu is a toggle: close it once a link in it has been followed.
    const toggle = document.querySelector<HTMLButtonElement>('.govuk-js-service-navigation-toggle');
    if (toggle && !toggle.hidden && toggle.getAttribute('aria-expanded') === 'true') toggle.click();
    clear(main);
    if (!match) {
      this.setTitle('Page not found');
      main.appendChild(heading('Page not found'));
      main.appendChild(h('p', { class: 'govuk-body' }, 'If you typed the web address, check it is correct. ', h('a', { class: 'govuk-link', href: '/', 'data-link': true }, 'Go to the list of actions'), '.'));
      this.focusHeading(main);
      return;
    }
    if (!match.page.public && !this.me) {
      this.navigate(`/sign-in?next=${encodeURIComponent(path + location.search)}`, true);
      return;
    }
    if (match.page.permission && !this.can(match.page.permission)) {
      this.setTitle('You do not have access');
      main.appendChild(heading('You do not have access to this page'));
      main.appendChild(h('p', { class: 'govuk-body' }, 'Ask an administrator if you need it for your work.'));
      this.focusHeading(main);
      return;
    }
    // Each render draws into its own view: a page the person already left draws into a detached node.
    const view = h('div', { class: 'borough-view' });
    main.appendChild(view);
    const ctx: PageContext = {
      app: this,
      params: match.params,
      query: new URLSearchParams(location.search),
      main: view,
      onLeave: (c) => this.cleanups.push(c),
      alive: () => seq === this.renderSeq,
    };
    try {
      await match.page.render(ctx);
    } catch (err) {
      if (seq !== this.renderSeq) return;
      if (err instanceof ApiError && err.status === 401) return; // on its way to sign in
      clear(view);
      const notFound = err instanceof ApiError && err.status === 404;
      this.setTitle(notFound ? 'Page not found' : 'Sorry, there is a problem', true);
      view.appendChild(heading(notFound ? 'Page not found' : 'Sorry, there is a problem'));
      view.appendChild(errorPanel(err));
    }
    if (seq === this.renderSeq) this.focusHeading(main);
  }

  // Moves focus to the page's h1, so a screen reader announces the new page (GOV.UK SPA guidance).
  focusHeading(main: HTMLElement): void {
    const h1 = main.querySelector('h1');
    if (!h1) return;
    h1.setAttribute('tabindex', '-1');
    h1.focus({ preventScroll: false });
  }
}
