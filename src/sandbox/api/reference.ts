import { randomUUID } from 'node:crypto';
import { iso } from '../clock.js';
import { addDocument, relink } from '../documents.js';
import { notFound } from '../errors.js';
import { type Item, itemView } from '../store.js';
import { type Handler, pageOf, sorted } from './context.js';

/** The 21 exception codes of the spec, with plain descriptions. */
export const EXCEPTION_TYPES: Array<[string, string]> = [
  ['ACCOUNT_NUMBER_MISMATCH', 'The account number does not match the losing carrier records'],
  ['AUTH_PERSON_MISMATCH', 'The authorized person does not match the losing carrier records'],
  ['BTN_ATN_MISMATCH', 'The billing telephone number does not match the account telephone number'],
  ['ENTITY_NAME_MISMATCH', 'Entity name does not match that on the CSR'],
  ['FOC_EXPIRED', 'The FOC date passed before activation'],
  ['FOC_REJECTED', 'The losing carrier rejected the requested FOC date'],
  ['LOCATION_MISMATCH', 'The service address does not match the losing carrier records'],
  ['LSR_PENDING', 'The local service request is pending at the losing carrier'],
  ['MAIN_BTN_PORTING', 'The main billing number is being ported; give a new billing number for the rest'],
  ['OSP_IRRESPONSIVE', 'The losing carrier is not responding'],
  ['OTHER', 'Another problem; read the order comments'],
  ['PASSCODE_PIN_INVALID', 'The port-out PIN or passcode is wrong'],
  ['PHONE_NUMBER_HAS_SPECIAL_FEATURE', 'A number has a feature (e.g. hunt group) that blocks the port'],
  ['PHONE_NUMBER_MISMATCH', 'A number is not on the account at the losing carrier'],
  ['PHONE_NUMBER_NOT_PORTABLE', 'A number cannot be ported'],
  ['PORT_TYPE_INCORRECT', 'The port should be full or partial instead'],
  ['PORTING_ORDER_SPLIT_REQUIRED', 'The order must be split before it can proceed'],
  ['POSTAL_CODE_MISMATCH', 'The postal code does not match the losing carrier records'],
  ['RATE_CENTER_NOT_PORTABLE', 'The rate center is not covered'],
  ['SV_CONFLICT', 'A subscription version conflict at the number portability administrator'],
  ['SV_UNKNOWN_FAILURE', 'The number portability administrator reported an unknown failure'],
];

export const listExceptionTypes: Handler = () => ({
  status: 200,
  json: { data: EXCEPTION_TYPES.map(([code, description]) => ({ code, description })) },
});

const UK_CARRIERS: Array<[string, string, string[]]> = [
  ['895', 'Telnyx UK Limited', []],
  ['001', 'Albion Telecom', ['011']],
  ['042', 'Thames Voice', []],
  ['210', 'Northern Lights Mobile', ['211', '212']],
];

export const listUkCarriers: Handler = () => ({
  status: 200,
  json: {
    data: UK_CARRIERS.map(([cupid, name, alternative_cupids], i) => ({
      id: `96dfa9e4-c753-4fd3-97cd-42d66f26c0${String(i).padStart(2, '0')}`,
      cupid,
      name,
      alternative_cupids,
      record_type: 'porting_uk_carrier',
      created_at: '2024-01-01T00:00:00.000Z',
      updated_at: '2024-01-01T00:00:00.000Z',
    })),
  },
});

// ---- reports: the CSV export is ready one sandbox minute after it is asked for ----------------------

const CSV_COLUMNS = ['id', 'status', 'customer_reference', 'phone_numbers', 'created_at'] as const;

/** The orders a report's filters select, one CSV row each. */
function exportCsv(ctx: Parameters<Handler>[0], r: Item): string {
  const f = ((r.params as { filters?: Record<string, unknown> } | undefined)?.filters ?? {}) as {
    status__in?: string[];
    customer_reference__in?: string[];
    created_at__gt?: string;
    created_at__lt?: string;
  };
  const cell = (v: unknown) =>
    /[",\n]/.test(String(v ?? '')) ? `"${String(v).replace(/"/g, '""')}"` : String(v ?? '');
  const rows = [...ctx.store.orders.values()]
    .filter(
      (o) =>
        (!f.status__in || f.status__in.includes(o.status)) &&
        (!f.customer_reference__in || f.customer_reference__in.includes(o.customer_reference ?? '')) &&
        (!f.created_at__gt || o.created_at > Date.parse(f.created_at__gt)) &&
        (!f.created_at__lt || o.created_at < Date.parse(f.created_at__lt)),
    )
    .map((o) =>
      [
        o.id,
        o.status,
        o.customer_reference,
        ctx.store
          .numbersOf(o.id)
          .map((n) => n.phone_number)
          .join(' '),
        iso(o.created_at),
      ]
        .map(cell)
        .join(','),
    );
  return `${[CSV_COLUMNS.join(','), ...rows].join('\n')}\n`;
}

const reportView = (ctx: Parameters<Handler>[0], r: Item) => {
  if (r.status === 'pending' && ctx.now - r.created_at >= 60_000) {
    // The export is a real CSV document, linked to the report so it does not expire.
    const at = r.created_at + 60_000;
    const doc = addDocument(ctx.store, at, Buffer.from(exportCsv(ctx, r)), `porting-orders-${r.id}.csv`);
    relink(ctx.store, 'porting_report', r.id, [doc.id], at);
    Object.assign(r, { status: 'completed', document_id: doc.id, updated_at: at });
  }
  return itemView(r, 'porting_report');
};

export const listReports: Handler = (ctx) => {
  const f = (ctx.query.filter ?? {}) as { report_type?: string; status?: string };
  const views = sorted(ctx.store.reports, ctx.query, (r) => r.created_at)
    .map((r) => reportView(ctx, r))
    .filter(
      (r) => (!f.report_type || r.report_type === f.report_type) && (!f.status || r.status === f.status),
    );
  return { status: 200, json: pageOf(views, ctx.query, (r) => r) };
};

export const createReport: Handler = (ctx) => {
  const report: Item = {
    id: randomUUID(),
    created_at: ctx.now,
    updated_at: ctx.now,
    report_type: ctx.body.report_type,
    params: ctx.body.params,
    status: 'pending',
  };
  ctx.store.reports.push(report);
  return { status: 201, json: { data: itemView(report, 'porting_report') } };
};

export const getReport: Handler = (ctx) => {
  const report = ctx.store.reports.find((r) => r.id === ctx.params.id);
  if (!report) throw notFound('report', ctx.params.id ?? '');
  return { status: 200, json: { data: reportView(ctx, report) } };
};
