import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORDER, toolArgs } from '../fixtures/tool-args.js';
import { type Loopback, startLoopback } from '../support/loopback.js';
import { connect, textOf } from '../support/mcp.js';

const order = { porting_order_id: ORDER };

/** tool, arguments, and what the error must say (the field and the expected format). */
const BAD: Array<[string, Record<string, unknown>, RegExp[]]> = [
  ['portability_check', {}, [/phone_numbers: required \(array\)/]],
  ['portability_check', { phone_numbers: [] }, [/phone_numbers: needs at least 1 item/]],
  [
    'portability_check',
    { phone_numbers: ['3035550000'] },
    [/phone_numbers\[0\]: "3035550000" has no country code/, /or pass country/],
  ],
  [
    'portability_check',
    { phone_numbers: ['+0123'] },
    [/phone_numbers\[0\]: "\+0123" has no valid country code/],
  ],
  [
    'portability_check',
    { phone_numbers: ['303.555.0000'], country: 'USA' },
    [/country: must be an ISO 3166-1 alpha-2 code/],
  ],
  [
    'portability_check',
    { phone_numbers: '+13035550000' },
    [/phone_numbers: expected a list/, /wrap a single value/],
  ],
  [
    'order_create',
    { phone_numbers: ['+1 303 555'] },
    [/phone_numbers\[0\]: "\+1 303 555" is not a possible phone number/],
  ],
  [
    'order_create',
    { phone_numbers: ['+13035550000'], customer_reference: 42 },
    [/customer_reference: expected string/],
  ],
  ['order_get', {}, [/porting_order_id: required \(string\)/]],
  ['order_get', { porting_order_id: 'not-a-uuid' }, [/porting_order_id: must be a UUID/, /"not-a-uuid"/]],
  [
    'order_get',
    { porting_order_id: ORDER, include_phone_numbers: 'yes' },
    [/include_phone_numbers: expected boolean/],
  ],
  [
    'order_get',
    { id: ORDER },
    [/porting_order_id: required/, /id: unknown property; this tool takes: porting_order_id/],
  ],
  ['order_list', { page_size: 500 }, [/page_size: must be from 1 to 250; got 500/]],
  ['order_list', { page_size: 0 }, [/page_size: must be from 1 to 250; got 0/]],
  ['order_list', { page_number: 1.5 }, [/page_number: expected int/]],
  ['order_list', { page_number: '2' }, [/page_number: expected number, got "2"/]],
  ['order_list', { sort: 'newest' }, [/sort: must be one of "created_at", "-created_at"/]],
  ['order_list', { filter: { status: 'draft' } }, [/filter\.status: expected a list/]],
  ['order_list', { filter: { status: ['drafted'] } }, [/filter\.status\[0\]: must be one of "draft"/]],
  ['order_list', { filter: { statuses: ['draft'] } }, [/filter\.statuses: unknown property/]],
  ['order_list', { status: 'draft' }, [/status: unknown property; this tool takes: page_number/]],
  [
    'order_list',
    { filter: { phone_numbers: { country_code: 'usa' } } },
    [/filter\.phone_numbers\.country_code: must be/],
  ],
  [
    'order_list',
    { filter: { activation_settings: { foc_datetime_requested: { gt: '2026-13-01' } } } },
    [/filter\.activation_settings\.foc_datetime_requested\.gt: must be an ISO 8601 date-time/],
  ],
  ['order_update', { ...order, webhook_url: 'not a url' }, [/webhook_url:/]],
  [
    'order_update',
    { ...order, misc: { type: 'half' } },
    [/misc\.type: must be one of "full", "partial"; got "half"/],
  ],
  ['order_update', { ...order, documents: { loa: 'abc' } }, [/documents\.loa: must be a UUID/]],
  [
    'order_update',
    { ...order, end_user: { admin: { entity_name: 7 } } },
    [/end_user\.admin\.entity_name: expected string/],
  ],
  [
    'order_update',
    { ...order, user_feedback: { user_rating: 9 } },
    [/user_feedback\.user_rating: must be <= 5/],
  ],
  [
    'order_update',
    { ...order, requirements: [{ field_value: 'x' }] },
    [/requirements\[0\]\.requirement_type_id: required/],
  ],
  ['order_share', { ...order, expires_in_seconds: 999_999 }, [/expires_in_seconds: must be <= 172800/]],
  ['order_share', { ...order, permissions: 'admin' }, [/permissions: must be one of/]],
  ['order_comment_create', { ...order, body: '' }, [/body: must not be empty/]],
  [
    'order_document_create',
    { ...order, additional_documents: [{ document_id: ORDER, document_type: 'passport' }] },
    [/additional_documents\[0\]\.document_type: must be one of "loa", "invoice", "csr", "other"/],
  ],
  [
    'order_verification_code_send',
    { ...order, verification_method: 'email' },
    [/verification_method: must be one of "sms", "call"/],
  ],
  [
    'order_verification_code_send',
    { ...order, phone_numbers: Array(101).fill('+13035550000') },
    [/phone_numbers: at most 100 items/],
  ],
  [
    'order_activation_job_update',
    { ...order, activation_job_id: ORDER, activate_at: 'tomorrow' },
    [/activate_at: must be an ISO 8601 date-time/],
  ],
  [
    'order_number_extension_create',
    {
      ...order,
      porting_phone_number_id: ORDER,
      extension_range: { start_at: -1, end_at: 'ten' },
      activation_ranges: [],
    },
    [
      /extension_range\.start_at: must be >= 0/,
      /extension_range\.end_at: expected number/,
      /activation_ranges: needs at least 1 item/,
    ],
  ],
  [
    'order_number_block_create',
    {
      ...order,
      phone_number_range: { start_at: '4930', end_at: '+4930244999910' },
      activation_ranges: [{ start_at: '+4930244999901', end_at: '+4930244999905' }],
    },
    [/phone_number_range\.start_at: "4930" has no country code/],
  ],
  [
    'loa_config_create',
    { ...toolArgs.loa_config_create, contact: { email: 'nobody', phone_number: '+1 200' } },
    [
      /contact\.email: must be an email address/,
      /contact\.phone_number: "\+1 200" is not a possible phone number/,
    ],
  ],
  [
    'loa_config_create',
    {
      ...toolArgs.loa_config_create,
      address: { ...(toolArgs.loa_config_create?.address as object), zip_code: 'AB1 2CD', state: 'Texas' },
    },
    [/address\.zip_code: must be a US ZIP/, /address\.state: must be 2 capital letters/],
  ],
  [
    'event_list',
    { filter: { type: 'porting_order.created' } },
    [/filter\.type: must be one of "porting_order\.status_changed"/],
  ],
  ['report_create', { report_type: 'export_porting_orders_csv' }, [/params: required \(object\)/]],
  [
    'report_create',
    { report_type: 'pdf', params: { filters: {} } },
    [/report_type: must be one of "export_porting_orders_csv"; got "pdf"/],
  ],
  ['porting_number_list', { format: 'xml' }, [/format: must be one of "json", "csv"/]],
  [
    'order_action_requirement_initiate',
    { ...order, id: 'ar-1', params: { first_name: 'Jane' } },
    [/params\.last_name: required/],
  ],
];

describe('invalid arguments are refused before any HTTP request', () => {
  let api: Loopback;
  let mcp: Awaited<ReturnType<typeof connect>>;
  beforeAll(async () => {
    api = await startLoopback((_req, res) => res.writeHead(500).end());
    mcp = await connect({ baseUrl: api.url });
  });
  afterAll(async () => {
    await mcp.close();
    await api.close();
  });

  it(`has at least 30 cases (${BAD.length})`, () => expect(BAD.length).toBeGreaterThanOrEqual(30));

  for (const [tool, args, patterns] of BAD) {
    it(`${tool} ${JSON.stringify(args).slice(0, 90)}`, async () => {
      const result = await mcp.call(tool, args);
      expect(result.isError).toBe(true);
      const text = textOf(result);
      expect(text).toMatch(new RegExp(`^Invalid arguments for ${tool}; nothing was sent to Telnyx:`));
      for (const pattern of patterns) expect(text).toMatch(pattern);
      expect(api.requests).toHaveLength(0);
    });
  }

  it('an unknown tool is a protocol error, not a tool result', async () => {
    await expect(mcp.call('order_explode', {})).rejects.toThrow(/Unknown tool: order_explode/);
  });
});
