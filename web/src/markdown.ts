// Renders the Markdown our actions write (headings, paragraphs, lists, tables, block quotes, bold,
// italics, code) to GOV.UK-styled DOM, with citations handed to a callback that makes them links.
// Not a general Markdown engine: no raw HTML (shown as text), no images; links are shown as text.

import { h } from './dom';
import { type CitationRef, splitCitations } from './citations';

export interface MarkdownOptions {
  rowIds?: ReadonlySet<string>;
  // Builds the node for a citation (e.g. a link into the source pane); plain text when absent.
  citation?: (text: string, refs: CitationRef[]) => Node;
  // Markdown "#" becomes this heading level, so a draft's title sits under the page's h1.
  topHeadingLevel?: 2 | 3;
}

const kInline = /\\([\\`*_{}[\]()#+\-.!|>~])|\*\*([^*]+?)\*\*|`([^`]+)`|(?<![A-Za-z0-9*])\*([^*\s][^*]*?)\*(?![A-Za-z0-9*])|(?<![A-Za-z0-9_])_([^_\s][^_]*?)_(?![A-Za-z0-9_])/g;

export function renderInline(text: string, opts: MarkdownOptions, into: Node): void {
  const rowIds = opts.rowIds ?? new Set<string>();
  let last = 0;
  const flush = (s: string) => {
    if (s === '') return;
    for (const seg of splitCitations(s, rowIds)) {
      if (seg.kind === 'text') into.appendChild(document.createTextNode(seg.text));
      else into.appendChild(opts.citation ? opts.citation(seg.text, seg.refs) : document.createTextNode(seg.text));
    }
  };
  const re = new RegExp(kInline.source, 'g');
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    flush(text.slice(last, m.index));
    last = m.index + m[0].length;
    if (m[1] !== undefined) {
      into.appendChild(document.createTextNode(m[1]));
    } else if (m[2] !== undefined) {
      const strong = h('strong');
      renderInline(m[2], opts, strong);
      into.appendChild(strong);
    } else if (m[3] !== undefined) {
      into.appendChild(h('code', { class: 'borough-code' }, m[3]));
    } else {
      const em = h('em');
      renderInline(m[4] ?? m[5] ?? '', opts, em);
      into.appendChild(em);
    }
  }
  flush(text.slice(last));
}

function splitRow(line: string): string[] {
  let s = line.trim();
  if (s.startsWith('|')) s = s.slice(1);
  if (s.endsWith('|') && !s.endsWith('\\|')) s = s.slice(0, -1);
  const cells: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i += 1) {
    const c = s[i];
    if (c === '\\' && s[i + 1] === '|') {
      cur += '\\|';
      i += 1;
    } else if (c === '|') {
      cells.push(cur.trim());
      cur = '';
    } else {
      cur += c;
    }
  }
  cells.push(cur.trim());
  return cells;
}

const kTableSep = /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/;
const kHeading = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const kBullet = /^\s*[-*+]\s+(.*)$/;
const kNumbered = /^\s*\d{1,9}[.)]\s+(.*)$/;
const kRule = /^\s*([-*_])(\s*\1){2,}\s*$/;

export function renderMarkdown(md: string, opts: MarkdownOptions = {}): DocumentFragment {
  const frag = document.createDocumentFragment();
  const lines = md.replace(/\r\n?/g, '\n').split('\n');
  const top = opts.topHeadingLevel ?? 2;
  let i = 0;
  const inline = (text: string, el: HTMLElement) => {
    renderInline(text, opts, el);
    return el;
  };
  while (i < lines.length) {
    const line = lines[i];
    if (line.trim() === '') {
      i += 1;
      continue;
    }
    const hm = kHeading.exec(line);
    if (hm) {
      const level = Math.min(6, hm[1].length + top - 1);
      const size = level <= 2 ? 'l' : level === 3 ? 'm' : 's';
      const tagName = `h${level}` as 'h2' | 'h3' | 'h4' | 'h5' | 'h6';
      frag.appendChild(inline(hm[2], h(tagName, { class: `govuk-heading-${size}` })));
      i += 1;
      continue;
    }
    if (kRule.test(line)) {
      frag.appendChild(h('hr', { class: 'govuk-section-break govuk-section-break--m govuk-section-break--visible' }));
      i += 1;
      continue;
    }
    if (line.trimStart().startsWith('>')) {
      const quote: string[] = [];
      while (i < lines.length && lines[i].trimStart().startsWith('>')) {
        quote.push(lines[i].trimStart().replace(/^>\s?/, ''));
        i += 1;
      }
      const box = h('div', { class: 'govuk-inset-text' });
      box.appendChild(renderMarkdown(quote.join('\n'), opts));
      frag.appendChild(box);
      continue;
    }
    if (line.trimStart().startsWith('|') && i + 1 < lines.length && kTableSep.test(lines[i + 1])) {
      const head = splitRow(line);
      const aligns = splitRow(lines[i + 1]).map((c) => c.endsWith(':') && !c.startsWith(':'));
      i += 2;
      const rows: string[][] = [];
      while (i < lines.length && lines[i].trimStart().startsWith('|')) {
        rows.push(splitRow(lines[i]));
        i += 1;
      }
      const numeric = (c: number) => (aligns[c] ? ' govuk-table__cell--numeric' : '');
      const table = h(
        'table',
        { class: 'govuk-table borough-md-table' },
        h('thead', { class: 'govuk-table__head' }, h('tr', { class: 'govuk-table__row' }, head.map((c, k) => inline(c, h('th', { scope: 'col', class: `govuk-table__header${aligns[k] ? ' govuk-table__header--numeric' : ''}` }))))),
        h('tbody', { class: 'govuk-table__body' }, rows.map((r) => h('tr', { class: 'govuk-table__row' }, head.map((_, k) => inline(r[k] ?? '', h('td', { class: `govuk-table__cell${numeric(k)}` })))))),
      );
      frag.appendChild(h('div', { class: 'borough-scroll', role: 'region', 'aria-label': 'Table', tabindex: '0' }, table));
      continue;
    }
    const bullet = kBullet.exec(line);
    const numbered = bullet ? null : kNumbered.exec(line);
    if (bullet || numbered) {
      const re = bullet ? kBullet : kNumbered;
      const list = bullet ? h('ul', { class: 'govuk-list govuk-list--bullet' }) : h('ol', { class: 'govuk-list govuk-list--number' });
      while (i < lines.length) {
        const m = re.exec(lines[i]);
        if (!m) break;
        let item = m[1];
        i += 1;
        // indented continuation lines belong to the item
        while (i < lines.length && /^\s{2,}\S/.test(lines[i]) && !re.exec(lines[i])) {
          item += ` ${lines[i].trim()}`;
          i += 1;
        }
        list.appendChild(inline(item, h('li')));
      }
      frag.appendChild(list);
      continue;
    }
    const para: string[] = [];
    while (
      i < lines.length &&
      lines[i].trim() !== '' &&
      !kHeading.test(lines[i]) &&
      !kBullet.test(lines[i]) &&
      !kNumbered.test(lines[i]) &&
      !lines[i].trimStart().startsWith('>') &&
      !(lines[i].trimStart().startsWith('|') && i + 1 < lines.length && kTableSep.test(lines[i + 1]))
    ) {
      para.push(lines[i].trim());
      i += 1;
    }
    frag.appendChild(inline(para.join(' '), h('p', { class: 'govuk-body' })));
  }
  return frag;
}
