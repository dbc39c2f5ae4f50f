import { describe, expect, it } from 'vitest';
import { buildSourceIndex, locate, parseBracketCitation, splitCitations, utf8ToUtf16Offsets } from './citations';

describe('parseBracketCitation', () => {
  it('reads turns, sentences, pages and lists', () => {
    expect(parseBracketCitation('T5')).toEqual([{ unit: 'turn', turn: 5 }]);
    expect(parseBracketCitation('T12 00:03:41')).toEqual([{ unit: 'turn', turn: 12 }]);
    expect(parseBracketCitation('S4, §1. Purpose of the report')).toEqual([{ unit: 'sentence', sentence: 4 }]);
    expect(parseBracketCitation('S2, p. 3')).toEqual([{ unit: 'sentence', sentence: 2, page: 3 }]);
    expect(parseBracketCitation('S1; S6, §Parks')).toEqual([
      { unit: 'sentence', sentence: 1 },
      { unit: 'sentence', sentence: 6 },
    ]);
    expect(parseBracketCitation('p. 7')).toEqual([{ unit: 'page', page: 7 }]);
  });

  it('rejects brackets that are not citations', () => {
    expect(parseBracketCitation('see appendix')).toBeNull();
    expect(parseBracketCitation('T5; and more')).toBeNull();
    expect(parseBracketCitation('Tuesday')).toBeNull();
  });
});

describe('splitCitations', () => {
  it('finds bracket citations and known row ids only', () => {
    const segs = splitCitations('Damp was common (12%) "Mould in the bathroom." (R-0042) [T3] and [a link](http://x)', new Set(['R-0042']));
    const cites = segs.filter((s) => s.kind === 'citation');
    expect(cites.map((c) => c.text)).toEqual(['(R-0042)', '[T3]']);
    expect(segs.map((s) => s.text).join('')).toBe('Damp was common (12%) "Mould in the bathroom." (R-0042) [T3] and [a link](http://x)');
  });
});

describe('utf8ToUtf16Offsets', () => {
  it('maps byte offsets past multi-byte characters', () => {
    const text = 'a£b€c😀d'; // £ 2 bytes, € 3 bytes, 😀 4 bytes (2 UTF-16 units)
    // bytes: a0 £1-2 b3 €4-6 c7 😀8-11 d12
    expect(utf8ToUtf16Offsets(text, [0, 3, 7, 12, 13, 99])).toEqual([0, 2, 4, 7, 8, 8]);
  });
});

const kTranscript = [
  'Parks working group, 2 June',
  '',
  'Alex Green: Welcome everyone, first item is the summer events.',
  'Bea Okafor: The bandstand concerts sold out last year.',
  'Bea Okafor: I propose we keep all three.',
  'Alex Green: Agreed, three concerts then.',
].join('\n');

describe('buildSourceIndex and locate', () => {
  it('uses turn → line from the result when given', () => {
    const result = { items: [{ points: [{ text: 'x', turn: 2, line: 4 }], decisions: [{ turn: 3, line: 6 }] }] };
    const idx = buildSourceIndex(kTranscript, result);
    expect(locate(idx, { unit: 'turn', turn: 2 })).toEqual({ line: 4 });
    expect(locate(idx, { unit: 'turn', turn: 3 })).toEqual({ line: 6 });
    expect(locate(idx, { unit: 'turn', turn: 9 })).toBeNull();
  });

  it('finds turns in the text when the result does not say, merging a speaker’s consecutive lines', () => {
    const idx = buildSourceIndex(kTranscript, {});
    expect(locate(idx, { unit: 'turn', turn: 1 })).toEqual({ line: 3 });
    expect(locate(idx, { unit: 'turn', turn: 2 })).toEqual({ line: 4 });
    expect(locate(idx, { unit: 'turn', turn: 3 })).toEqual({ line: 6 });
  });

  it('finds WebVTT voices', () => {
    const vtt = 'WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000\n<v Sam Lee>Hello.</v>\n\n2\n00:00:05.000 --> 00:00:07.000\n<v Ana Diaz>Hi Sam.</v>\n';
    const idx = buildSourceIndex(vtt, null);
    expect(locate(idx, { unit: 'turn', turn: 2 })).toEqual({ line: 9 });
  });

  it('converts sentence byte spans to string offsets and lines', () => {
    const text = 'Café prices rose.\nThe kiosk – by the lake – closed.\nVisitors fell.';
    const s2Begin = Buffer.byteLength('Café prices rose.\n');
    const s2End = s2Begin + Buffer.byteLength('The kiosk – by the lake – closed.');
    const result = { key_points: [{ text: 'k', citations: [{ sentence: 2, begin: s2Begin, end: s2End, page: 1 }] }] };
    const idx = buildSourceIndex(text, result);
    const loc = locate(idx, { unit: 'sentence', sentence: 2 });
    expect(loc?.line).toBe(2);
    expect(text.slice(loc?.begin, loc?.end)).toBe('The kiosk – by the lake – closed.');
    expect(locate(idx, { unit: 'sentence', sentence: 7 })).toBeNull();
  });

  it('keeps sentence spans right when the source has CRLF line ends', () => {
    const text = 'One.\r\nTwo two.\r\nThree.';
    const begin = Buffer.byteLength('One.\r\nTwo two.\r\n');
    const idx = buildSourceIndex(text, { c: [{ sentence: 3, begin, end: begin + 6 }] });
    const loc = locate(idx, { unit: 'sentence', sentence: 3 });
    expect(loc?.line).toBe(3);
    expect(idx.text.slice(loc?.begin, loc?.end)).toBe('Three.');
  });

  it('finds survey rows by the result line, else by the id field', () => {
    const csv = 'Ref,Ward,Comment\nR-0001,North,"Bins are, at last, on time"\nR-0002,South,"Two lines\nof comment"\nR-0003,East,Fine';
    const idx = buildSourceIndex(csv, { questions: [{ themes: [{ rows: ['R-0001', 'R-0003'] }] }], flags: [{ row: 'R-0002', line: 3 }] });
    expect(idx.rowIds.has('R-0001')).toBe(true);
    expect(locate(idx, { unit: 'row', row: 'R-0002' })).toEqual({ line: 3 });
    expect(locate(idx, { unit: 'row', row: 'R-0003' })).toEqual({ line: 5 });
    expect(locate(idx, { unit: 'row', row: 'R-0009' })).toBeNull();
  });

  it('finds pages by form feeds', () => {
    const idx = buildSourceIndex('Page one text\n\fPage two\nmore\n\fPage three', {});
    expect(locate(idx, { unit: 'page', page: 2 })).toEqual({ line: 2 });
    expect(locate(idx, { unit: 'page', page: 3 })).toEqual({ line: 4 });
    expect(locate(idx, { unit: 'page', page: 4 })).toBeNull();
  });
});
