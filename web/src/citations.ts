// Citations in a draft ("[T5]", "[T3 00:01:00]", "[S4, §2. Background]", "[S1; S6]", "[S2, p. 3]",
// "(P-0064)" for a survey row) and where each one is in the job's source text, so the review page can
// jump from a statement to the transcript turn, sentence, page or row that supports it.
// Where the result JSON says exactly (turn → line, sentence → byte span, row → line) that wins; the
// source text is only scanned when the result does not say.

export type CitationRef =
  | { unit: 'turn'; turn: number }
  | { unit: 'sentence'; sentence: number; page?: number }
  | { unit: 'page'; page: number }
  | { unit: 'row'; row: string };

const kTurn = /^T(\d+)(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$/;
const kSentence = /^S(\d+)(?:\s*,\s*(.*))?$/;
const kPage = /^(?:p\.|page)\s*(\d+)$/i;
const kPageInTail = /(?:^|,\s*)p\.\s*(\d+)/;

// The refs inside one bracket, or null when the bracket is not a citation (a link text, a note).
export function parseBracketCitation(inner: string): CitationRef[] | null {
  const parts = inner.split(';').map((s) => s.trim());
  const refs: CitationRef[] = [];
  for (const part of parts) {
    let m = kTurn.exec(part);
    if (m) {
      refs.push({ unit: 'turn', turn: Number(m[1]) });
      continue;
    }
    m = kSentence.exec(part);
    if (m) {
      const page = m[2] ? kPageInTail.exec(m[2]) : null;
      refs.push(page ? { unit: 'sentence', sentence: Number(m[1]), page: Number(page[1]) } : { unit: 'sentence', sentence: Number(m[1]) });
      continue;
    }
    m = kPage.exec(part);
    if (m) {
      refs.push({ unit: 'page', page: Number(m[1]) });
      continue;
    }
    return null;
  }
  return refs.length > 0 ? refs : null;
}

export type Segment = { kind: 'text'; text: string } | { kind: 'citation'; text: string; refs: CitationRef[] };

const kCandidate = /\[([^[\]\n]{1,200})\]|\(([^()\s]{1,64})\)/g;

// Splits inline text into plain text and citations. `rowIds` are the respondent ids the result
// names: "(P-0064)" is a citation only when P-0064 is one of them, so "(10%)" stays text.
export function splitCitations(text: string, rowIds: ReadonlySet<string>): Segment[] {
  const out: Segment[] = [];
  let last = 0;
  kCandidate.lastIndex = 0;
  for (let m = kCandidate.exec(text); m !== null; m = kCandidate.exec(text)) {
    let refs: CitationRef[] | null = null;
    if (m[1] !== undefined) {
      // "[text](url)" is a Markdown link, not a citation
      if (text[m.index + m[0].length] !== '(') refs = parseBracketCitation(m[1]);
    } else if (m[2] !== undefined && rowIds.has(m[2])) {
      refs = [{ unit: 'row', row: m[2] }];
    }
    if (!refs) continue;
    if (m.index > last) out.push({ kind: 'text', text: text.slice(last, m.index) });
    out.push({ kind: 'citation', text: m[0], refs });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({ kind: 'text', text: text.slice(last) });
  return out;
}

export interface SourceIndex {
  text: string;
  lines: string[];
  lineStarts: number[]; // UTF-16 offset where each line starts
  turnLines: Map<number, number>; // turn → 1-based line
  rowLines: Map<string, number>; // row id → 1-based line
  sentenceSpans: Map<number, { begin: number; end: number }>; // UTF-16 offsets in text
  pageLines: Map<number, number>;
  rowIds: Set<string>;
}

export interface Location {
  line: number; // 1-based
  begin?: number; // UTF-16 span in the source text, when the citation names one
  end?: number;
}

// Converts UTF-8 byte offsets (what the server's citations use) to UTF-16 string offsets, in one
// pass over the text. Offsets past the end clamp to the end.
export function utf8ToUtf16Offsets(text: string, byteOffsets: number[]): number[] {
  const order = byteOffsets.map((b, i) => [b, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(byteOffsets.length).fill(text.length);
  let bytes = 0;
  let k = 0;
  for (let i = 0; i < text.length && k < order.length; ) {
    while (k < order.length && order[k][0] <= bytes) {
      out[order[k][1]] = i;
      k += 1;
    }
    const cp = text.codePointAt(i) ?? 0;
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    i += cp >= 0x10000 ? 2 : 1;
  }
  while (k < order.length && order[k][0] <= bytes) {
    out[order[k][1]] = text.length;
    k += 1;
  }
  return out;
}

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

// Collects what the result JSON says about where things are. Bounded depth; arrays of any size.
function walkResult(
  node: unknown,
  depth: number,
  visit: (obj: Record<string, unknown>) => void,
): void {
  if (depth > 12 || node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const item of node) walkResult(item, depth + 1, visit);
    return;
  }
  const obj = node as Record<string, unknown>;
  visit(obj);
  for (const v of Object.values(obj)) if (v !== null && typeof v === 'object') walkResult(v, depth + 1, visit);
}

export function buildSourceIndex(sourceText: string, result: unknown): SourceIndex {
  const text = sourceText.replace(/\r\n?/g, '\n');
  const lines = text.split('\n');
  const lineStarts: number[] = new Array<number>(lines.length);
  let pos = 0;
  for (let i = 0; i < lines.length; i += 1) {
    lineStarts[i] = pos;
    pos += lines[i].length + 1;
  }
  const index: SourceIndex = {
    text,
    lines,
    lineStarts,
    turnLines: new Map(),
    rowLines: new Map(),
    sentenceSpans: new Map(),
    pageLines: new Map(),
    rowIds: new Set(),
  };

  const byteSpans: { sentence: number; page: number | null; begin: number; end: number }[] = [];
  walkResult(result, 0, (obj) => {
    const turn = num(obj.turn);
    const line = num(obj.line);
    if (turn !== null && line !== null && line >= 1) {
      const prev = index.turnLines.get(turn);
      if (prev === undefined || line < prev) index.turnLines.set(turn, line);
    }
    if (typeof obj.row === 'string') {
      index.rowIds.add(obj.row);
      if (line !== null && line >= 1 && !index.rowLines.has(obj.row)) index.rowLines.set(obj.row, line);
    }
    if (Array.isArray(obj.rows)) for (const r of obj.rows) if (typeof r === 'string') index.rowIds.add(r);
    const sentence = num(obj.sentence);
    const begin = num(obj.begin);
    const end = num(obj.end);
    if (sentence !== null && begin !== null && end !== null && end >= begin) {
      byteSpans.push({ sentence, page: num(obj.page), begin, end });
    }
  });
  if (byteSpans.length > 0) {
    // Offsets count bytes of the text as the server decoded it: with CRLF line ends, which the
    // normalised text lost, so convert against the original text and shift by the CRs before.
    const utf16 = utf8ToUtf16Offsets(sourceText, byteSpans.flatMap((s) => [s.begin, s.end]));
    const crBefore = sourceText.includes('\r') ? countCrs(sourceText) : null;
    byteSpans.forEach((s, i) => {
      let b = utf16[2 * i];
      let e = utf16[2 * i + 1];
      if (crBefore) {
        b -= crBefore(b);
        e -= crBefore(e);
      }
      if (!index.sentenceSpans.has(s.sentence)) index.sentenceSpans.set(s.sentence, { begin: b, end: e });
      if (s.page !== null) {
        const line = lineOfOffset(index, b);
        const prev = index.pageLines.get(s.page);
        if (prev === undefined || line < prev) index.pageLines.set(s.page, line);
      }
    });
  }
  if (index.turnLines.size === 0) scanTurns(index);
  scanPages(index);
  return index;
}

// Number of CRs removed before a UTF-16 offset of the original text when CRLF/CR became LF.
function countCrs(original: string): (offset: number) => number {
  const crs: number[] = [];
  for (let i = 0; i < original.length; i += 1) if (original.charCodeAt(i) === 13 && original.charCodeAt(i + 1) === 10) crs.push(i);
  return (offset: number) => {
    let lo = 0;
    let hi = crs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (crs[mid] < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

export function lineOfOffset(index: SourceIndex, offset: number): number {
  let lo = 0;
  let hi = index.lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (index.lineStarts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

const kSpeakerLine = /^([A-Z][^:]{0,59}):\s+\S/;
const kVttVoice = /^<v(?:\.[^\s>]+)?\s+([^>]+)>/;

// Turns when the result does not give their lines: "Name: words" lines of a plain transcript, or
// WebVTT cues (<v Name>); consecutive lines of the same speaker are one turn, as the server reads them.
function scanTurns(index: SourceIndex): void {
  let turn = 0;
  let lastSpeaker: string | null = null;
  for (let i = 0; i < index.lines.length; i += 1) {
    const line = index.lines[i];
    const m = kVttVoice.exec(line) ?? kSpeakerLine.exec(line);
    if (!m) continue;
    const speaker = m[1].trim();
    if (speaker === lastSpeaker) continue;
    lastSpeaker = speaker;
    turn += 1;
    index.turnLines.set(turn, i + 1);
  }
}

// Pages of text extracted from a PDF are separated by form feeds.
function scanPages(index: SourceIndex): void {
  if (!index.text.includes('\f')) return;
  let page = 1;
  if (!index.pageLines.has(1)) index.pageLines.set(1, 1);
  for (let i = 0; i < index.lines.length; i += 1) {
    let from = 0;
    for (let k = index.lines[i].indexOf('\f', from); k !== -1; k = index.lines[i].indexOf('\f', from)) {
      page += 1;
      if (!index.pageLines.has(page)) index.pageLines.set(page, i + 1);
      from = k + 1;
    }
  }
}

function rowLine(index: SourceIndex, row: string): number | null {
  const known = index.rowLines.get(row);
  if (known !== undefined) return known;
  // The row whose first field is the id (CSV, quoted or not; TSV).
  for (let i = 0; i < index.lines.length; i += 1) {
    const line = index.lines[i];
    if (!line.startsWith(row) && !line.startsWith(`"${row}"`)) continue;
    const after = line.startsWith('"') ? line.charAt(row.length + 2) : line.charAt(row.length);
    if (after === ',' || after === '\t' || after === ';' || after === '') {
      index.rowLines.set(row, i + 1);
      return i + 1;
    }
  }
  // Otherwise any line that holds the id as a whole field.
  const re = new RegExp(`(^|[,;\\t"])${row.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[,;\\t"])`);
  for (let i = 0; i < index.lines.length; i += 1) {
    if (re.test(index.lines[i])) {
      index.rowLines.set(row, i + 1);
      return i + 1;
    }
  }
  return null;
}

// Where a citation points in the source; null when the source does not have it.
export function locate(index: SourceIndex, ref: CitationRef): Location | null {
  const valid = (line: number | null | undefined): line is number => typeof line === 'number' && line >= 1 && line <= index.lines.length;
  switch (ref.unit) {
    case 'turn': {
      const line = index.turnLines.get(ref.turn);
      return valid(line) ? { line } : null;
    }
    case 'sentence': {
      const span = index.sentenceSpans.get(ref.sentence);
      if (span) return { line: lineOfOffset(index, span.begin), begin: span.begin, end: span.end };
      if (ref.page !== undefined) {
        const line = index.pageLines.get(ref.page);
        return valid(line) ? { line } : null;
      }
      return null;
    }
    case 'page': {
      const line = index.pageLines.get(ref.page);
      return valid(line) ? { line } : null;
    }
    case 'row': {
      const line = rowLine(index, ref.row);
      return valid(line) ? { line } : null;
    }
  }
  return null;
}

export function describeRef(ref: CitationRef): string {
  switch (ref.unit) {
    case 'turn':
      return `turn ${ref.turn}`;
    case 'sentence':
      return ref.page !== undefined ? `sentence ${ref.sentence} on page ${ref.page}` : `sentence ${ref.sentence}`;
    case 'page':
      return `page ${ref.page}`;
    case 'row':
      return `row ${ref.row}`;
  }
  return '';
}
