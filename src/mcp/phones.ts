import type { CountryCode } from 'libphonenumber-js';
import { z } from 'zod';
import { E164_RE, PHONE_SCHEMAS } from '../catalog/endpoint.js';

/**
 * Phone numbers as people write them ("(303) 555-0000", "+1 303-555-0000", "0044 20 7946 0000")
 * become E.164 before validation, with libphonenumber-js. Numbers already in E.164 pass untouched.
 */

/** Paths of the phone fields in a tool's input, e.g. `phone_numbers[]`, `verification_codes[].phone_number`. */
export function phonePaths(schema: z.ZodType, path = ''): string[] {
  if (PHONE_SCHEMAS.has(schema)) return [path];
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable) {
    return phonePaths(schema.unwrap() as z.ZodType, path);
  }
  if (schema instanceof z.ZodArray) return phonePaths(schema.element as z.ZodType, `${path}[]`);
  if (schema instanceof z.ZodObject) {
    return Object.entries(schema.shape).flatMap(([key, value]) =>
      phonePaths(value as z.ZodType, path ? `${path}.${key}` : key),
    );
  }
  return [];
}

export interface Rewrite {
  input: string;
  e164: string;
}

export type PhoneOutcome = { e164: string } | { error: string };
type Outcome = PhoneOutcome;
type Library = typeof import('libphonenumber-js');

let library: Promise<Library> | undefined;
/** Loaded on first need: calls whose numbers are already E.164 never pay for its metadata. */
const loadLibrary = () => {
  library ??= import('libphonenumber-js');
  return library;
};

/**
 * A number that carries its own country needs no `country`: "+44…", "0044…" (00: most of the world),
 * "011 44…" (011: dialled from the US/Canada) and a NANP number written with its leading 1
 * ("1-800-555-0199"). 011 and the leading 1 are read so only where no other country was given (or it
 * is a NANP one), since elsewhere they may begin a national number.
 */
function withOwnCountry(text: string, country: string | undefined): string {
  if (text.startsWith('+')) return text;
  const digits = text.replace(/[\s().-]/g, '');
  const nanpOrNone = !country || country === 'US' || country === 'CA';
  if (digits.startsWith('00')) return `+${digits.slice(2)}`;
  if (nanpOrNone && digits.startsWith('011')) return `+${digits.slice(3)}`;
  if (!country && /^1\d{10}$/.test(digits)) return `+${digits}`;
  return text;
}

function normalizePhone(
  raw: string,
  country: string | undefined,
  lib: Library,
  takesCountry = true,
): Outcome {
  const text = withOwnCountry(raw.trim().replace(/^tel:/i, ''), country);
  try {
    const parsed = lib.parsePhoneNumberWithError(
      text,
      country ? { defaultCountry: country as CountryCode } : undefined,
    );
    if (!parsed.isPossible()) {
      return {
        error: `"${raw}" is not a possible phone number${parsed.country ? ` in ${parsed.country}` : ''}`,
      };
    }
    return { e164: parsed.number };
  } catch (error) {
    const reason = error instanceof Error ? error.message : '';
    if (reason === 'INVALID_COUNTRY' && text.startsWith('+')) {
      return { error: `"${raw}" has no valid country code after the +` };
    }
    if (reason === 'INVALID_COUNTRY') {
      return {
        error: `"${raw}" has no country code: write it with + and the country code (e.g. +1 303 555 0000)${takesCountry ? ', or pass country (e.g. "US")' : ''}`,
      };
    }
    return { error: `"${raw}" is not a phone number (${reason.toLowerCase().replace(/_/g, ' ')})` };
  }
}

const TYPE_NAMES: Record<string, string> = {
  FIXED_LINE: 'fixed line',
  MOBILE: 'mobile',
  FIXED_LINE_OR_MOBILE: 'fixed line or mobile',
  TOLL_FREE: 'toll-free',
  PREMIUM_RATE: 'premium rate',
  SHARED_COST: 'shared cost',
  VOIP: 'VoIP',
  PERSONAL_NUMBER: 'personal number',
  PAGER: 'pager',
  UAN: 'UAN',
  VOICEMAIL: 'voicemail',
};

type MaxLibrary = typeof import('libphonenumber-js/max');
let maxLibrary: Promise<MaxLibrary> | undefined;

/**
 * Adds `number_type_derived` to each listed item with a `phone_number`: its type as the number plan
 * says (libphonenumber-js full metadata, loaded on first use), not as Telnyx reports it; the name
 * says so. Unknown types are left out.
 */
export async function withNumberTypes<T extends Record<string, unknown>>(payload: T): Promise<T> {
  const data = payload.data;
  if (!Array.isArray(data)) return payload;
  maxLibrary ??= import('libphonenumber-js/max');
  const lib = await maxLibrary;
  const typed = data.map((item) => {
    const phone = (item as { phone_number?: unknown })?.phone_number;
    if (typeof phone !== 'string') return item;
    const type = lib.parsePhoneNumberFromString(phone)?.getType();
    const name = type ? TYPE_NAMES[type] : undefined;
    return name ? { ...(item as object), number_type_derived: name } : item;
  });
  return { ...payload, data: typed };
}

/** The phone rules of every tool, for many numbers at once (a spreadsheet's rows): the library loads once. */
export async function phoneReader(): Promise<(raw: string, country?: string) => PhoneOutcome> {
  const lib = await loadLibrary();
  return (raw, country) => normalizePhone(raw, country, lib);
}

/** The country and the number plan's type ("mobile", "toll-free"...) of an E.164 number, from the full metadata. */
export async function numberFacts(): Promise<(e164: string) => { country?: string; type?: string }> {
  maxLibrary ??= import('libphonenumber-js/max');
  const lib = await maxLibrary;
  return (e164) => {
    const parsed = lib.parsePhoneNumberFromString(e164);
    const type = parsed?.getType();
    return { country: parsed?.country, type: type ? TYPE_NAMES[type] : undefined };
  };
}

/** Calls `found` for each string at `path` in `node`, with where it is and a setter. */
function visit(
  node: unknown,
  steps: string[],
  where: string,
  found: (value: string, where: string, set: (v: string) => void) => void,
  set: (v: string) => void = () => {},
): void {
  if (steps.length === 0) {
    if (typeof node === 'string') found(node, where, set); // wrong types are left to validation
    return;
  }
  const [step, ...rest] = steps as [string, ...string[]];
  if (step === '[]') {
    if (!Array.isArray(node)) return;
    node.forEach((item, i) => {
      visit(item, rest, `${where}[${i}]`, found, (v) => {
        node[i] = v;
      });
    });
    return;
  }
  if (node && typeof node === 'object' && step in node) {
    const parent = node as Record<string, unknown>;
    visit(parent[step], rest, where ? `${where}.${step}` : step, found, (v) => {
      parent[step] = v;
    });
  }
}

/** Rewrites every phone field of `input` (a copy); reports what changed and what could not be read. */
export async function normalizePhones(
  input: Record<string, unknown>,
  paths: readonly string[],
  country: string | undefined,
  /** The tool takes `country`: the error for a number without one may suggest it. */
  takesCountry = true,
): Promise<{ input: Record<string, unknown>; rewritten: Rewrite[]; problems: string[] }> {
  const rewritten: Rewrite[] = [];
  const problems: string[] = [];
  const out = structuredClone(input);
  // Read before the schema has upper-cased it: "us" is US.
  const countryCode = country?.toUpperCase();
  const fields: Array<{ value: string; where: string; set: (v: string) => void }> = [];
  for (const path of paths) {
    const steps = path.split(/(\[\])|\./).filter((s) => s);
    visit(out, steps, '', (value, where, set) => fields.push({ value, where, set }));
  }
  const pending = fields.filter((f) => !E164_RE.test(f.value));
  if (pending.length === 0) return { input: out, rewritten, problems };
  const lib = await loadLibrary();
  for (const field of pending) {
    const result = normalizePhone(field.value, countryCode, lib, takesCountry);
    if ('error' in result) problems.push(`- ${field.where}: ${result.error}`);
    else {
      rewritten.push({ input: field.value, e164: result.e164 });
      field.set(result.e164);
    }
  }
  return { input: out, rewritten, problems };
}
