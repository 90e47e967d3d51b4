/**
 * A tiny, dependency-free PDF 1.4 writer: enough to hand back a real, viewable LOA document from the sandbox.
 * Text only, in the two standard Type1 fonts (Helvetica, Helvetica-Bold) that every viewer ships, so nothing
 * needs embedding. Output is deterministic: the same input always yields the same bytes.
 */

export type PdfLine = string | { text: string; bold?: boolean; size?: number; gap?: number };

export interface PdfDocument {
  /** Big heading at the top of the first page; also the /Title in the Info dictionary. */
  title: string;
  /** Body lines, top to bottom. `gap` adds extra space (pt) above the line; '' is a blank line. */
  lines: PdfLine[];
  /** Small text at the bottom of each page. */
  footer?: string;
}

type Font = 'F1' | 'F2'; // F1 = Helvetica, F2 = Helvetica-Bold

const PAGE_W = 612; // US Letter, in points
const PAGE_H = 792;
const MARGIN = 54;
const WIDTH = PAGE_W - 2 * MARGIN;
const TOP = PAGE_H - MARGIN;
const LEADING = 1.35; // line height as a multiple of the font size
const BODY_SIZE = 11;
const TITLE_SIZE = 18;
const FOOTER_SIZE = 8;

// Advance widths (1/1000 em) of ASCII 32..126 from the standard Adobe AFM metrics; used for word wrapping.
const WIDTHS: Record<Font, number[]> = {
  F1: [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556,
    556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278,
    500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469,
    556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500,
    278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
  ],
  F2: [
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556,
    556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667, 611, 778, 722, 278,
    556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584,
    556, 333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611, 611, 611, 389, 556,
    333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
  ],
};

// WinAnsi puts typographic characters at 0x80..0x9F where Latin-1 has control codes; index = byte - 0x80.
// The '?' entries are unassigned slots (never looked up: ASCII is handled first).
const WIN_ANSI_HIGH = '€?‚ƒ„…†‡ˆ‰Š‹Œ?Ž??‘’“”•–—˜™š›œ?žŸ';

/** Maps text to a string of WinAnsi byte values (each char <= 0xFF); anything unencodable becomes '?'. */
function toWinAnsi(text: string): string {
  let out = '';
  for (const ch of text.replace(/\t/g, ' ')) {
    const code = ch.codePointAt(0) ?? 0x3f;
    const high = WIN_ANSI_HIGH.indexOf(ch);
    if ((code >= 0x20 && code < 0x7f) || (code >= 0xa0 && code <= 0xff)) out += ch;
    else if (code >= 0x80 && high >= 0) out += String.fromCharCode(0x80 + high);
    else out += '?';
  }
  return out;
}

function measure(text: string, font: Font, size: number): number {
  let units = 0;
  for (const ch of text) {
    // Accented Latin-1 letters are as wide as their base letter (ë -> e); other symbols get a typical width.
    const code = ch.normalize('NFD').charCodeAt(0);
    units += (code >= 32 && code <= 126 ? WIDTHS[font][code - 32] : undefined) ?? 556;
  }
  return (units * size) / 1000;
}

/**
 * Greedy word wrap; runs of whitespace collapse to one space.
 * Words wider than a whole line (URLs, long IDs) are broken by character.
 */
function wrap(text: string, font: Font, size: number, max: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (let word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (measure(candidate, font, size) <= max) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    while (measure(word, font, size) > max) {
      let n = word.length - 1;
      while (n > 1 && measure(word.slice(0, n), font, size) > max) n--;
      lines.push(word.slice(0, n));
      word = word.slice(n);
    }
    line = word;
  }
  lines.push(line);
  return lines;
}

const escapePdf = (s: string) => s.replace(/[\\()]/g, '\\$&');
const num = (n: number) => String(Math.round(n * 100) / 100);
const text = (font: Font, size: number, x: number, y: number, s: string) =>
  `BT /${font} ${size} Tf ${num(x)} ${num(y)} Td (${escapePdf(s)}) Tj ET`;

// The Info /Title is a text string, not WinAnsi: UTF-16BE with a BOM keeps any character exactly.
const utf16Hex = (s: string) => `<FEFF${Buffer.from(s, 'utf16le').swap16().toString('hex').toUpperCase()}>`;

export function renderPdf(doc: PdfDocument): Buffer {
  const footer = doc.footer === undefined ? [] : wrap(toWinAnsi(doc.footer), 'F1', FOOTER_SIZE, WIDTH - 72);
  const footerStep = FOOTER_SIZE * LEADING;
  // Always reserve at least one footer line: page numbers go there once the text spills onto a second page.
  const bottom = MARGIN + Math.max(footer.length, 1) * footerStep + 12;

  const pages: string[][] = [[]];
  let y = TOP; // baseline of the last placed line
  const place = (raw: string, font: Font, size: number, gap = 0) => {
    for (const [i, seg] of wrap(toWinAnsi(raw), font, size, WIDTH).entries()) {
      if (!seg && y === TOP && pages.length > 1) continue; // no blank lines at the top of a continuation page
      let step = size * LEADING + (i === 0 ? gap : 0);
      if (y - step < bottom && y < TOP) {
        pages.push([]);
        y = TOP;
        step = size * LEADING;
      }
      y -= step;
      if (seg) pages[pages.length - 1]?.push(text(font, size, MARGIN, y, seg));
    }
  };

  place(doc.title, 'F2', TITLE_SIZE);
  pages[0]?.push(`0.5 w 0.6 G ${MARGIN} ${num(y - 7)} m ${PAGE_W - MARGIN} ${num(y - 7)} l S`); // rule under title
  y -= 14;
  for (const line of doc.lines) {
    const l = typeof line === 'string' ? { text: line } : line;
    place(l.text, l.bold ? 'F2' : 'F1', l.size ?? BODY_SIZE, l.gap);
  }

  pages.forEach((ops, p) => {
    ops.push('0.4 g'); // grey footer
    footer.forEach((s, i) => {
      ops.push(text('F1', FOOTER_SIZE, MARGIN, MARGIN + (footer.length - 1 - i) * footerStep, s));
    });
    if (pages.length > 1) {
      const label = `Page ${p + 1} of ${pages.length}`;
      ops.push(text('F1', FOOTER_SIZE, PAGE_W - MARGIN - measure(label, 'F1', FOOTER_SIZE), MARGIN, label));
    }
  });

  // Objects 1-5 are fixed; page k is object 6 + 2k and its content stream 7 + 2k.
  const kids = pages.map((_, k) => `${6 + 2 * k} 0 R`).join(' ');
  const font = (name: string) =>
    `<< /Type /Font /Subtype /Type1 /BaseFont /${name} /Encoding /WinAnsiEncoding >>`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${kids}] /Count ${pages.length} >>`,
    font('Helvetica'),
    font('Helvetica-Bold'),
    `<< /Title ${utf16Hex(doc.title)} /Producer (telnyx-porting-mcp sandbox) >>`,
  ];
  pages.forEach((ops, k) => {
    const content = ops.join('\n');
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PAGE_W} ${PAGE_H}] ` +
        `/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents ${7 + 2 * k} 0 R >>`,
      // Every char is a single Latin-1 byte, so string length is the byte length.
      `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    );
  });

  // The whole file is built as a Latin-1 string (one char per byte), so offsets are string positions.
  // The second line is the customary binary comment telling transfer tools the file is not plain text.
  let out = '%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n';
  const offsets = objects.map((body, i) => {
    const offset = out.length;
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return offset;
  });
  const xref = out.length;
  const entry = (offset: number, gen: string, kind: string) =>
    `${String(offset).padStart(10, '0')} ${gen} ${kind} \n`;
  out += `xref\n0 ${objects.length + 1}\n${entry(0, '65535', 'f')}`;
  out += offsets.map((o) => entry(o, '00000', 'n')).join('');
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 5 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
