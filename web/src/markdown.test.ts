import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown';

function render(md: string, rowIds: string[] = []): HTMLDivElement {
  const div = document.createElement('div');
  div.appendChild(
    renderMarkdown(md, {
      rowIds: new Set(rowIds),
      citation: (text) => {
        const a = document.createElement('a');
        a.className = 'cite';
        a.textContent = text;
        return a;
      },
    }),
  );
  return div;
}

describe('renderMarkdown', () => {
  it('renders headings one level below the page, lists, quotes and inline styles', () => {
    const div = render('> **DRAFT** for review.\n\n# Minutes\n\n## 1. Bins\n\n- Alex: “Collect weekly.” [T2]\n- _Noted_ [T3 00:01:10]\n\nSome `code` and *emphasis*.');
    expect(div.querySelector('.govuk-inset-text strong')?.textContent).toBe('DRAFT');
    expect(div.querySelector('h2')?.textContent).toBe('Minutes');
    expect(div.querySelector('h3')?.textContent).toBe('1. Bins');
    expect(div.querySelectorAll('ul li').length).toBe(2);
    expect([...div.querySelectorAll('a.cite')].map((a) => a.textContent)).toEqual(['[T2]', '[T3 00:01:10]']);
    expect(div.querySelector('li em')?.textContent).toBe('Noted');
    expect(div.querySelector('p code')?.textContent).toBe('code');
  });

  it('renders tables with escaped pipes, numeric columns and row citations', () => {
    const div = render('| Theme | Answers | Example |\n|---|---:|---|\n| damp \\| mould | 12 | "Wet walls" (R-7) |\n| noise | 3 | (R-9) |', ['R-7']);
    const cells = [...div.querySelectorAll('tbody tr:first-child td')].map((td) => td.textContent);
    expect(cells).toEqual(['damp | mould', '12', '"Wet walls" (R-7)']);
    expect(div.querySelector('tbody td:nth-child(2)')?.className).toContain('govuk-table__cell--numeric');
    expect([...div.querySelectorAll('a.cite')].map((a) => a.textContent)).toEqual(['(R-7)']);
  });

  it('never turns text into markup', () => {
    const div = render('<script>alert(1)</script> <img src=x onerror=alert(1)>');
    expect(div.querySelector('script, img')).toBeNull();
    expect(div.textContent).toContain('<script>alert(1)</script>');
  });
});
