import { addDocument, checkFilename, documentView, linkOf, linkView, requireDocument } from '../documents.js';
import { unprocessable } from '../errors.js';
import type { Part } from '../multipart.js';
import { type Handler, pageOf } from './context.js';

/** The Documents API in memory: uploads (JSON base64, URL, multipart), reads, links. */

export const createDocument: Handler = (ctx) => {
  const body = ctx.body as
    | { multipart: Part[] }
    | { file?: string; url?: string; filename?: string; customer_reference?: string };
  if ('multipart' in body) {
    const file = body.multipart.find((p) => p.name === 'file');
    if (!file) throw unprocessable({ detail: 'A multipart upload needs a "file" part.', pointer: '/file' });
    const reference = body.multipart.find((p) => p.name === 'customer_reference')?.data.toString('utf8');
    const doc = addDocument(ctx.store, ctx.now, file.data, file.filename ?? 'document', reference, ctx.wall);
    return { status: 200, json: { data: documentView(doc, ctx.now) } };
  }
  if (body.url !== undefined && body.file === undefined) {
    // The sandbox has no network: it answers as the API does for a file it cannot fetch.
    throw unprocessable({ detail: `The file at ${body.url} could not be downloaded.`, pointer: '/url' });
  }
  if (body.file === undefined) {
    throw unprocessable({ detail: 'Send either file (base64, with filename) or url.', pointer: '/file' });
  }
  const doc = addDocument(
    ctx.store,
    ctx.now,
    Buffer.from(body.file, 'base64'),
    body.filename ?? 'document',
    body.customer_reference,
    ctx.wall,
  );
  return { status: 200, json: { data: documentView(doc, ctx.now) } };
};

export const listDocuments: Handler = (ctx) => {
  const f = (ctx.query.filter ?? {}) as {
    filename?: { contains?: string };
    customer_reference?: { eq?: string; in?: string[] };
    created_at?: { gt?: string; lt?: string };
  };
  const sort = ([ctx.query.sort].flat()[0] as string | undefined) ?? '-created_at';
  const desc = sort.startsWith('-');
  const key = desc ? sort.slice(1) : sort;
  const docs = [...ctx.store.files.values()]
    .filter(
      (d) =>
        (!f.filename?.contains || d.filename.includes(f.filename.contains)) &&
        (!f.customer_reference?.eq || d.customer_reference === f.customer_reference.eq) &&
        (!f.customer_reference?.in || f.customer_reference.in.includes(d.customer_reference ?? '')) &&
        (!f.created_at?.gt || d.created_at > Date.parse(f.created_at.gt)) &&
        (!f.created_at?.lt || d.created_at < Date.parse(f.created_at.lt)),
    )
    .sort((a, b) => {
      const va = key === 'filename' ? a.filename : key === 'updated_at' ? a.updated_at : a.created_at;
      const vb = key === 'filename' ? b.filename : key === 'updated_at' ? b.updated_at : b.created_at;
      return (va < vb ? -1 : va > vb ? 1 : 0) * (desc ? -1 : 1);
    });
  return { status: 200, json: pageOf(docs, ctx.query, (d) => documentView(d, ctx.now)) };
};

export const getDocument: Handler = (ctx) => ({
  status: 200,
  json: { data: documentView(requireDocument(ctx.store, ctx.params.id ?? ''), ctx.now) },
});

export const updateDocument: Handler = (ctx) => {
  const doc = requireDocument(ctx.store, ctx.params.id ?? '');
  const b = ctx.body as { filename?: string; customer_reference?: string };
  if (b.filename !== undefined) doc.filename = checkFilename(b.filename, '/filename');
  if (b.customer_reference !== undefined) doc.customer_reference = b.customer_reference;
  doc.updated_at = ctx.now;
  return { status: 200, json: { data: documentView(doc, ctx.now) } };
};

export const deleteDocument: Handler = (ctx) => {
  const doc = requireDocument(ctx.store, ctx.params.id ?? '');
  const link = linkOf(ctx.store, doc.id);
  if (link) {
    throw unprocessable({
      detail: `The document is linked to ${link.linked_record_type} ${link.linked_resource_id}; unlink it before deleting.`,
    });
  }
  ctx.store.files.delete(doc.id);
  return { status: 200, json: { data: documentView(doc, ctx.now) } };
};

export const downloadDocument: Handler = (ctx) => {
  const doc = requireDocument(ctx.store, ctx.params.id ?? '');
  return { status: 200, file: doc.bytes, contentType: doc.content_type };
};

export const downloadLink: Handler = (ctx) => {
  const doc = requireDocument(ctx.store, ctx.params.id ?? '');
  // A pre-signed link as the API returns one; the sandbox serves no storage backend behind it.
  const expires = Math.floor((ctx.now + 15 * 60_000) / 1000);
  return {
    status: 200,
    json: {
      data: {
        url: `https://documents.sandbox.invalid/${doc.id}/${doc.filename}?expires=${expires}&signature=${doc.sha256.slice(0, 32)}`,
      },
    },
  };
};

export const listLinks: Handler = (ctx) => {
  const f = (ctx.query.filter ?? {}) as { linked_record_type?: string; linked_resource_id?: string };
  const candidates = f.linked_resource_id
    ? ctx.store.linksOf(f.linked_resource_id)
    : [...ctx.store.links.values()];
  const links = candidates
    .filter(
      (l) =>
        (!f.linked_record_type || l.linked_record_type === f.linked_record_type) &&
        (!f.linked_resource_id || l.linked_resource_id === f.linked_resource_id),
    )
    .sort((a, b) => b.created_at - a.created_at);
  return { status: 200, json: pageOf(links, ctx.query, linkView) };
};
