/**
 * Deterministic outcomes by phone number, so a demo can be steered (documented in README, "Sandbox").
 * The last digit decides:
 *   0-2  portable; US/CA numbers ending 0 or 1 are also FastPort-eligible
 *   3-5  portable
 *   6    portable, but the order needs phone-number verification codes before it can be submitted
 *   7    not portable: "No coverage"
 *   8    not portable: "Number is not active with the current carrier"
 *   9    portable, but the losing carrier rejects the first submission (exception ACCOUNT_NUMBER_MISMATCH)
 */
export interface NumberFacts {
  country_code: string;
  phone_number_type: 'local' | 'landline' | 'mobile' | 'toll_free';
  portable: boolean;
  fast_portable: boolean;
  not_portable_reason: string;
  needs_verification: boolean;
  carrier_rejects: boolean;
  carrier: string;
}

// Longest prefix first. Enough countries to show splitting; anything else is "international".
const COUNTRIES: Array<[string, string]> = [
  ['+353', 'IE'],
  ['+61', 'AU'],
  ['+49', 'DE'],
  ['+44', 'GB'],
  ['+34', 'ES'],
  ['+33', 'FR'],
  ['+31', 'NL'],
  ['+1', 'US'],
];
const CANADIAN_AREA_CODES = new Set([
  '204',
  '236',
  '250',
  '289',
  '306',
  '343',
  '403',
  '416',
  '418',
  '437',
  '438',
]);
const CANADIAN_MORE = new Set([
  '450',
  '506',
  '514',
  '519',
  '587',
  '604',
  '613',
  '647',
  '705',
  '778',
  '780',
  '807',
  '819',
  '902',
  '905',
]);
const TOLL_FREE_NANP = new Set(['800', '833', '844', '855', '866', '877', '888']);
const CARRIERS: Record<string, string[]> = {
  US: ['Old Telco Inc', 'Prairie Bell', 'Summit Wireless'],
  CA: ['Maple Telecom', 'Northern Lines'],
  GB: ['Albion Telecom', 'Thames Voice'],
};

export function countryOf(e164: string): string {
  const match = COUNTRIES.find(([prefix]) => e164.startsWith(prefix));
  if (!match) return 'ZZ';
  if (match[1] === 'US') {
    const area = e164.slice(2, 5);
    if (CANADIAN_AREA_CODES.has(area) || CANADIAN_MORE.has(area)) return 'CA';
  }
  return match[1];
}

export function classify(e164: string): NumberFacts {
  const country_code = countryOf(e164);
  const nanp = country_code === 'US' || country_code === 'CA';
  const digit = Number(e164.at(-1));
  let phone_number_type: NumberFacts['phone_number_type'] = nanp ? 'local' : 'landline';
  if (nanp && TOLL_FREE_NANP.has(e164.slice(2, 5))) phone_number_type = 'toll_free';
  if (/^\+(447|4915|4916|4917|614|336|337|346|347)/.test(e164)) phone_number_type = 'mobile';
  const reasons: Record<number, string> = {
    7: 'No coverage',
    8: 'Number is not active with the current carrier',
  };
  const carriers = CARRIERS[country_code] ?? ['International Carrier'];
  return {
    country_code,
    phone_number_type,
    portable: !(digit in reasons),
    fast_portable: nanp && phone_number_type !== 'toll_free' && (digit === 0 || digit === 1),
    not_portable_reason: reasons[digit] ?? '',
    needs_verification: digit === 6,
    carrier_rejects: digit === 9,
    carrier: carriers[Number(e164.slice(-2, -1)) % carriers.length] ?? 'Old Telco Inc',
  };
}
