/**
 * Phone numbers as spreadsheets export them. What a spreadsheet added is undone where every digit
 * survived (`="+1303…"`, a leading `'`, `3035550100.0`, `1.3035550100E+10`); where digits may be lost
 * (`1.30356E+10`) or the cell holds more than a number (an extension), the row is reported, never guessed.
 * What remains goes through the same phone rules as every tool (src/mcp/phones.ts).
 */

/** Longer cells are not one phone number (and are never quoted back whole). */
const MAX_CELL = 64;

export type Cell = { text: string } | { error: string; rounded?: true };

// Mantissa, optional fraction (`.` or `,` as spreadsheets write it), exponent: 1.3035550100E+10.
const SCIENTIFIC = /^(\d+)(?:[.,](\d+))?[eE]\+?(\d{1,3})$/;
// A whole number a spreadsheet wrote as a decimal: 3035550100.0
const WHOLE_DECIMAL = /^(\+?\d+)[.,]0+$/;
// An extension at the end: x12, ext. 12, extension 12, #12, ;ext=12 (tel: URIs).
const EXTENSION = /(?:;ext=|extension|ext\.?|x|#)\s?(\d{1,7})$/i;

const quote = (raw: string) => JSON.stringify(raw.length > 40 ? `${raw.slice(0, 40)}…` : raw);

/** The cell as the number someone meant, or why it cannot be read as one. */
export function cellText(raw: string): Cell {
  let text = raw.replace(/[\u00a0\u200b\ufeff]/g, ' ').trim();
  if (text === '') return { error: 'empty cell' };
  if (text.length > MAX_CELL) return { error: `${text.length} characters: too long to be a phone number` };
  // ="…" keeps a number as text in Excel; a leading ' does the same in most spreadsheets.
  if (text.startsWith('="') && text.endsWith('"') && text.length > 3) text = text.slice(2, -1).trim();
  if (text.startsWith("'")) text = text.slice(1).trim();
  const sci = SCIENTIFIC.exec(text);
  if (sci) {
    const [, whole = '', fraction = '', exponent = '0'] = sci;
    const e = Number(exponent);
    if (fraction.length > e) return { error: `${quote(raw)} is a decimal number, not a phone number` };
    if (fraction.length < e) {
      return {
        error: `${quote(raw)} was rounded by the spreadsheet (scientific notation): format the column as text and export again`,
        rounded: true,
      };
    }
    text = whole + fraction;
  }
  const decimal = WHOLE_DECIMAL.exec(text);
  if (decimal) text = decimal[1] ?? text;
  const extension = EXTENSION.exec(text);
  if (extension && digitCount(text.slice(0, extension.index)) >= 7) {
    return {
      error: `${quote(raw)} has an extension (${extension[0].trim()}): numbers port without extensions; remove it or list the extension on the order`,
    };
  }
  return { text };
}

const digitCount = (s: string) => {
  let n = 0;
  for (const c of s) if (c >= '0' && c <= '9') n++;
  return n;
};

/** Whether a cell looks like a phone number at all (for finding the column): 7 to 15 digits and phone punctuation. */
export function looksLikePhone(raw: string): boolean {
  const cell = cellText(raw);
  if ('rounded' in cell) return true;
  if ('error' in cell) return false;
  const text = cell.text.replace(/^tel:/i, '');
  let digits = 0;
  for (const c of text) {
    if (c >= '0' && c <= '9') digits++;
    else if (!' ()-.+/'.includes(c)) return false;
  }
  return digits >= 7 && digits <= 15;
}

/** A country cell: ISO 3166 alpha-2 in any case (UK as GB); empty = the default; anything else is reported. */
export function countryCell(raw: string): { country?: string } | { error: string } {
  const code = raw.trim().toUpperCase();
  if (code === '') return {};
  if (code === 'UK') return { country: 'GB' };
  if (/^[A-Z]{2}$/.test(code)) return { country: code };
  return { error: `country ${quote(raw.trim())} is not a 2-letter ISO code like US` };
}
