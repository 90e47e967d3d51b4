/** Telnyx's error envelope, as the porting API sends it (NOTES.md §3). */
export interface ApiErrorItem {
  code: string;
  title: string;
  detail: string;
  source?: { pointer?: string; parameter?: string };
  meta: { url: string; retryable: boolean };
}

/** Thrown by sandbox handlers; the server turns it into the HTTP answer. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly errors: ApiErrorItem[],
    readonly headers: Record<string, string> = {},
  ) {
    super(errors.map((e) => e.detail).join('; '));
  }
}

export function item(code: string, title: string, detail: string, pointer?: string): ApiErrorItem {
  return {
    code,
    title,
    detail,
    ...(pointer ? { source: pointer.startsWith('/') ? { pointer } : { parameter: pointer } } : {}),
    meta: { url: `https://developers.telnyx.com/docs/overview/errors/${code}`, retryable: code === '10011' },
  };
}

export const unauthorized = () =>
  new ApiError(401, [
    item(
      '10009',
      'Authentication failed',
      'Send "Authorization: Bearer <API key>"; the sandbox accepts any key.',
    ),
  ]);

export const notFound = (what: string, id: string) =>
  new ApiError(404, [item('10005', 'Resource not found', `No ${what} with id ${id}.`)]);

/** A request the API understands but refuses: 422 with one item per problem. */
export const unprocessable = (...problems: Array<{ detail: string; pointer?: string; title?: string }>) =>
  new ApiError(
    422,
    problems.map((p) => item('10015', p.title ?? 'Invalid request', p.detail, p.pointer)),
  );
