/**
 * Query encoding for the Telnyx API's deepObject parameters (style: deepObject, explode: true):
 * `{ filter: { phone_numbers: { country_code: 'US' } } }` -> `filter[phone_numbers][country_code]=US`.
 * Arrays are sent comma-joined (`filter[document_type]=loa,csr`), as the official SDK sends the spec's
 * array filters; an array under an `in` key is the older `[in][]` form (`filter[status][in][]=a&…[in][]=b`),
 * which filters the spec lost still document (src/catalog/request.ts).
 * Brackets are left readable, as the API documents them; values are percent-encoded.
 */
export type QueryValue =
  | string
  | number
  | boolean
  | null
  | undefined
  | QueryValue[]
  | { [k: string]: QueryValue };

export function encodeQuery(params: Record<string, QueryValue>): string {
  const pairs: string[] = [];
  const walk = (key: string, value: QueryValue): void => {
    if (value === undefined || value === null) return;
    if (Array.isArray(value)) {
      const encoded = value.map((v) => encodeURIComponent(String(v)));
      if (key.endsWith('[in]')) for (const v of encoded) pairs.push(`${key}[]=${v}`);
      else if (encoded.length > 0) pairs.push(`${key}=${encoded.join(',')}`);
      return;
    }
    if (typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(`${key}[${encodeURIComponent(k)}]`, v);
      return;
    }
    pairs.push(`${key}=${encodeURIComponent(String(value))}`);
  };
  for (const [k, v] of Object.entries(params)) walk(encodeURIComponent(k), v);
  return pairs.join('&');
}
