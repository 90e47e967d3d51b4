import { createHash, randomUUID } from 'node:crypto';
import { extensionOf, MAX_DOCUMENT_BYTES, sniff } from '../files/sniff.js';
import { iso } from './clock.js';
import { ApiError, item, notFound, unprocessable } from './errors.js';
import { DOCUMENT_REQUIREMENTS, INTL_REQUIREMENT_TYPES } from './requirements.js';
import type { Store } from './store.js';

/** An uploaded file of the Documents API, with its bytes. */
export interface DocumentRecord {
  id: string;
  created_at: number;
  updated_at: number;
  filename: string;
  customer_reference?: string;
  content_type: string;
  bytes: Buffer;
  sha256: string;
  infected: boolean;
  /** Real time of the upload (ms): the 30 minutes to link it run on real time, not the sandbox clock. */
  uploaded_wall: number;
  /** Linked at least once: it no longer expires. */
  kept?: boolean;
}

/** Which record uses which document (the API's document links). */
export interface DocumentLink {
  id: string;
  created_at: number;
  document_id: string;
  linked_record_type: string;
  linked_resource_id: string;
}

/**
 * Unlinked uploads are deleted this long after upload (DOCUMENTS.md). Real time: at the standalone
 * sandbox's 3600x, 30 sandbox minutes would be half a real second, too short for anyone to attach a file.
 */
export const LINK_WITHIN_MS = 30 * 60_000;
/** Ids of expired uploads remembered, so using one says it expired rather than that it never existed. */
const EXPIRED_REMEMBERED = 10_000;
/** Types a signed LOA or an invoice can come as: a PDF, or a scan or photo (Telnyx asks for PDFs or images). */
const LETTER_TYPES: ReadonlySet<string> = new Set(['application/pdf', 'image/png', 'image/jpeg']);
/** The antivirus scan takes one sandbox minute; review follows it. */
const SCAN_MS = 60_000;
/** Sandbox state caps: the store is memory. */
export const MAX_DOCUMENTS = 500;
export const MAX_STORED_BYTES = 200 * 1024 * 1024;
// The standard antivirus test string: a file holding it is reported infected, as a real scanner would.
const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';

/** A control character (C0, DEL or C1): DOCUMENTS.md allows printable Unicode only in a filename. */
function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return true;
  }
  return false;
}

/** The API's filename rules: printable characters only, not empty once spaces are removed. */
export function checkFilename(filename: string, pointer: string): string {
  if (hasControl(filename)) {
    throw unprocessable({
      detail: 'filename contains control characters; use printable characters only.',
      pointer,
    });
  }
  const trimmed = filename.replace(/\s+/g, '');
  if (!trimmed) throw unprocessable({ detail: 'filename must not be empty.', pointer });
  return trimmed;
}

/** Stores an upload: type, size and sha256 from the bytes; the API's filename rules. */
export function addDocument(
  store: Store,
  now: number,
  bytes: Buffer,
  filename: string,
  customer_reference?: string,
  wall = Date.now(),
): DocumentRecord {
  if (hasControl(filename)) checkFilename(filename, '/filename');
  if (bytes.length === 0) throw unprocessable({ detail: 'The file is empty.', pointer: '/file' });
  if (bytes.length > MAX_DOCUMENT_BYTES) {
    throw unprocessable({ detail: 'The file is larger than 20 MB.', pointer: '/file' });
  }
  const content_type = sniff(bytes.subarray(0, 64 * 1024), filename);
  if (!content_type) {
    throw unprocessable({
      detail: 'Unsupported file type. Accepted: PDF, PNG, JPEG, CSV, TXT, JSON, DOC, DOCX, XLS, XLSX.',
      pointer: '/file',
    });
  }
  const stored = [...store.files.values()].reduce((n, d) => n + d.bytes.length, 0);
  if (store.files.size >= MAX_DOCUMENTS || stored + bytes.length > MAX_STORED_BYTES) {
    throw new ApiError(422, [
      item(
        '10015',
        'Sandbox limit reached',
        `The sandbox keeps at most ${MAX_DOCUMENTS} documents and ${MAX_STORED_BYTES / 1024 / 1024} MB; delete unlinked documents first.`,
      ),
    ]);
  }
  // Spaces are removed and the extension of the detected type appended (DOCUMENTS.md).
  const ext = `.${extensionOf(content_type)}`;
  const base = (filename || 'document').replace(/\s+/g, '').slice(0, 500);
  const doc: DocumentRecord = {
    id: randomUUID(),
    created_at: now,
    updated_at: now,
    filename: base.toLowerCase().endsWith(ext) ? base : `${base}${ext}`,
    ...(customer_reference !== undefined ? { customer_reference } : {}),
    content_type,
    bytes,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    infected: bytes.includes(EICAR),
    uploaded_wall: wall,
  };
  store.files.set(doc.id, doc);
  return doc;
}

export function documentView(doc: DocumentRecord, now: number) {
  const scanned = now - doc.created_at >= SCAN_MS;
  return {
    id: doc.id,
    record_type: 'document',
    created_at: iso(doc.created_at),
    updated_at: iso(doc.updated_at),
    filename: doc.filename,
    ...(doc.customer_reference !== undefined ? { customer_reference: doc.customer_reference } : {}),
    content_type: doc.content_type,
    size: { amount: doc.bytes.length, unit: 'bytes' },
    sha256: doc.sha256,
    av_scan_status: !scanned ? 'pending_scan' : doc.infected ? 'infected' : 'scanned',
    status: !scanned ? 'pending' : doc.infected ? 'denied' : 'verified',
  };
}

export const linkView = (l: DocumentLink) => ({
  id: l.id,
  record_type: 'document_link',
  created_at: iso(l.created_at),
  updated_at: iso(l.created_at),
  document_id: l.document_id,
  linked_record_type: l.linked_record_type,
  linked_resource_id: l.linked_resource_id,
});

const expiredDetail = (id: string) =>
  `Document ${id} expired: it was never attached within 30 minutes; upload it again.`;

export function requireDocument(store: Store, id: string): DocumentRecord {
  const doc = store.files.get(id);
  if (!doc && store.expired.has(id))
    throw new ApiError(404, [item('10005', 'Resource not found', expiredDetail(id))]);
  if (!doc) throw notFound('document', id);
  return doc;
}

/** A document id the request names, where it names it, and whether it must be a signed letter or invoice. */
export interface DocumentRef {
  id: unknown;
  pointer: string;
  letter?: boolean;
}

/**
 * Checks that every referenced id names an uploaded, not infected document (an LOA or invoice: a PDF
 * or image); one 422 item per bad field, pointing at it (the porting API's field names).
 */
export function requireDocuments(store: Store, refs: DocumentRef[]): void {
  const problems = refs.flatMap(({ id, pointer, letter }) => {
    if (id === null || id === undefined) return [];
    const doc = store.files.get(String(id));
    if (!doc && store.expired.has(String(id))) return [{ detail: expiredDetail(String(id)), pointer }];
    if (!doc) {
      return [
        {
          detail: `No document with id ${id}: upload the file to the Documents API first and use the id it returns.`,
          pointer,
        },
      ];
    }
    if (doc.infected) return [{ detail: `Document ${id} failed the antivirus scan.`, pointer }];
    if (letter && !LETTER_TYPES.has(doc.content_type)) {
      return [
        {
          detail: `Document ${id} is ${doc.content_type}; a signed LOA or an invoice must be a PDF, PNG or JPEG.`,
          pointer,
        },
      ];
    }
    return [];
  });
  if (problems.length) throw unprocessable(...problems);
}

/** Makes the links of one record exactly `ids` (existing links keep their id and date). */
export function relink(store: Store, type: string, resourceId: string, ids: unknown[], now: number): void {
  const wanted = new Set(ids.filter((id): id is string => typeof id === 'string' && store.files.has(id)));
  for (const link of store.linksOf(resourceId)) {
    if (link.linked_record_type === type && !wanted.has(link.document_id)) store.removeLink(link);
  }
  for (const document_id of wanted) {
    (store.files.get(document_id) as DocumentRecord).kept = true;
    if (store.linksOf(resourceId).some((l) => l.document_id === document_id)) continue;
    store.addLink({
      id: randomUUID(),
      created_at: now,
      document_id,
      linked_record_type: type,
      linked_resource_id: resourceId,
    });
  }
}

/** The first link of a document, if any. */
export function linkOf(store: Store, id: string): DocumentLink | undefined {
  for (const link of store.links.values()) if (link.document_id === id) return link;
  return undefined;
}

/** Uploads never linked within 30 real minutes are deleted, as the API does; their ids are remembered. */
export function expireDocuments(store: Store, wall: number): void {
  for (const doc of store.files.values()) {
    if (doc.kept || wall - doc.uploaded_wall < LINK_WITHIN_MS) continue;
    store.files.delete(doc.id);
    store.expired.set(doc.id, wall);
    if (store.expired.size > EXPIRED_REMEMBERED)
      store.expired.delete(store.expired.keys().next().value as string);
  }
}

const DOCUMENT_TYPE_IDS: ReadonlySet<string> = new Set(
  [...INTL_REQUIREMENT_TYPES, ...Object.values(DOCUMENT_REQUIREMENTS)]
    .filter((t) => t.type === 'document')
    .map((t) => t.id),
);

/** The requirement types that are the order's LOA and invoice (GET …/requirements lists them so). */
export const LETTER_REQUIREMENTS: Record<string, 'loa' | 'invoice'> = {
  [DOCUMENT_REQUIREMENTS.loa.id]: 'loa',
  [DOCUMENT_REQUIREMENTS.invoice.id]: 'invoice',
};

/** The document ids an order update names: LOA, invoice, and values of document-type requirements. */
export function documentRefs(body: {
  documents?: { loa?: unknown; invoice?: unknown };
  requirements?: Array<{ requirement_type_id?: string; field_value?: unknown }>;
}): DocumentRef[] {
  return [
    { id: body.documents?.loa, pointer: '/documents/loa', letter: true },
    { id: body.documents?.invoice, pointer: '/documents/invoice', letter: true },
    ...(body.requirements ?? []).flatMap((r, i) =>
      DOCUMENT_TYPE_IDS.has(r.requirement_type_id ?? '')
        ? [
            {
              id: r.field_value,
              pointer: `/requirements/${i}/field_value`,
              letter: Object.hasOwn(LETTER_REQUIREMENTS, r.requirement_type_id ?? ''),
            },
          ]
        : [],
    ),
  ];
}

/** An order links its LOA, its invoice, its document requirements and its additional documents. */
export function relinkOrder(store: Store, orderId: string, now: number): void {
  const order = store.orders.get(orderId);
  const extra = store.documents.filter((d) => d.porting_order_id === orderId).map((d) => d.document_id);
  const required = (order?.requirements ?? [])
    .filter((r) => DOCUMENT_TYPE_IDS.has(r.requirement_type_id))
    .map((r) => r.field_value);
  const ids = order ? [order.documents.loa, order.documents.invoice, ...required, ...extra] : [];
  relink(store, 'porting_order', orderId, ids, now);
}
