import { randomUUID } from 'node:crypto';
import { relink, requireDocuments } from '../documents.js';
import { notFound, unprocessable } from '../errors.js';
import { renderLoa } from '../loa-pdf.js';
import { type Item, itemView } from '../store.js';
import { type Ctx, type Handler, pageOf, sorted } from './context.js';

const ORGANIZATION = 'f1486bae-f067-460c-ad43-73a92848f902';

function fields(body: Record<string, unknown>) {
  const { name, company_name, address, contact, logo } = body as {
    name: string;
    company_name: string;
    address: Record<string, string>;
    contact: Record<string, string>;
    logo: { document_id: string };
  };
  return {
    name,
    company_name,
    address,
    contact,
    logo: { document_id: logo.document_id, content_type: 'image/png' },
  };
}

function requireConfig(ctx: Ctx): Item {
  const id = ctx.params.id ?? '';
  const config = ctx.store.loaConfigs.find((c) => c.id === id);
  if (!config) throw notFound('LOA configuration', id);
  return config;
}

const view = (c: Item) => itemView(c, 'porting_loa_configuration');

export const listLoaConfigs: Handler = (ctx) => ({
  status: 200,
  json: pageOf(
    sorted(ctx.store.loaConfigs, ctx.query, (c) => c.created_at),
    ctx.query,
    view,
  ),
});

const LOA_LINK = 'porting_loa_configuration';

/** The logo must be an uploaded document; the configuration then links it. */
function checkLogo(ctx: Ctx): void {
  const id = ctx.body.logo?.document_id;
  requireDocuments(ctx.store, [{ id, pointer: '/logo/document_id' }]);
  // The API shows a logo's content_type as image/png only.
  const type = ctx.store.files.get(id)?.content_type;
  if (type !== 'image/png') {
    throw unprocessable({
      detail: `The logo must be a PNG image; document ${id} is ${type}.`,
      pointer: '/logo/document_id',
    });
  }
}

export const createLoaConfig: Handler = (ctx) => {
  checkLogo(ctx);
  const config: Item = {
    id: randomUUID(),
    created_at: ctx.now,
    updated_at: ctx.now,
    organization_id: ORGANIZATION,
    ...fields(ctx.body),
  };
  ctx.store.loaConfigs.push(config);
  relink(ctx.store, LOA_LINK, config.id, [ctx.body.logo?.document_id], ctx.now);
  return { status: 201, json: { data: view(config) } };
};

export const getLoaConfig: Handler = (ctx) => ({ status: 200, json: { data: view(requireConfig(ctx)) } });

export const updateLoaConfig: Handler = (ctx) => {
  const config = requireConfig(ctx);
  checkLogo(ctx);
  Object.assign(config, fields(ctx.body), { updated_at: ctx.now });
  relink(ctx.store, LOA_LINK, config.id, [ctx.body.logo?.document_id], ctx.now);
  return { status: 200, json: { data: view(config) } };
};

export const deleteLoaConfig: Handler = (ctx) => {
  const config = requireConfig(ctx);
  ctx.store.loaConfigs.splice(ctx.store.loaConfigs.indexOf(config), 1);
  relink(ctx.store, LOA_LINK, config.id, [], ctx.now);
  return { status: 204 };
};

export const previewLoaConfig: Handler = (ctx) => ({ status: 200, pdf: renderLoa(requireConfig(ctx)) });

export const previewLoaParams: Handler = (ctx) => {
  // As for a saved configuration: the logo must be an uploaded PNG.
  checkLogo(ctx);
  return { status: 200, pdf: renderLoa({ ...fields(ctx.body) }) };
};
