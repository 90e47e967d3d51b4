import { z } from 'zod';
import { shownAs } from '../mcp/json-schema.js';
import { type Endpoint, e164, email, page, text, uuid } from './endpoint.js';

const configId = () => uuid('LOA configuration id');
const twoLetters = () => z.string().regex(/^[A-Z]{2}$/, 'must be 2 capital letters, e.g. TX or US');

/** The body shared by create, update and preview. */
const loaFields = {
  name: text().describe('Configuration name'),
  company_name: text().describe('Company shown on the LOA'),
  address: z
    .object({
      street_address: text(),
      extended_address: z.string().optional().describe('Floor, suite'),
      city: text(),
      state: twoLetters(),
      zip_code: z.string().regex(/^[0-9]{5}(?:-[0-9]{4})?$/, 'must be a US ZIP like 78701 or 78701-1234'),
      country_code: twoLetters(),
    })
    .describe('Company address'),
  contact: z
    .object({
      email: email(),
      phone_number: e164(undefined, /^\+\d{11,15}$/),
    })
    .describe('Who to contact about the port'),
  logo: z.object({ document_id: uuid('Logo image, from the Documents API') }),
};

/**
 * The same fields for update and preview, shown as "as loa_config_create" where that tool is served
 * beside them (its schema says the rest): ~170 tokens fewer each on every turn. Checked in full.
 */
const asOnCreate = Object.fromEntries(
  (['address', 'contact', 'logo'] as const).map((key) => [
    key,
    shownAs(
      loaFields[key],
      { type: 'object', description: `As loa_config_create's ${key}` },
      'loa_config_create',
    ),
  ]),
) as Pick<typeof loaFields, 'address' | 'contact' | 'logo'>;
const loaFieldsShort = { ...loaFields, ...asOnCreate };

export const loaConfigurations: Endpoint[] = [
  {
    name: 'loa_config_list',
    title: 'List LOA configurations',
    description: 'List LOA configurations (company, address, contact, logo on LOAs).',
    method: 'GET',
    path: '/porting/loa_configurations',
    operationId: 'ListLoaConfigurations',
    toolset: 'loa',
    effect: 'read',
    input: z.object({ ...page }),
    kind: 'list',
  },
  {
    name: 'loa_config_create',
    title: 'Create an LOA configuration',
    description: 'Create an LOA configuration (company, address, contact, logo printed on LOAs).',
    method: 'POST',
    path: '/porting/loa_configurations',
    operationId: 'CreateLoaConfiguration',
    toolset: 'loa',
    effect: 'write',
    input: z.object(loaFields),
    body: true,
    kind: 'json',
  },
  {
    name: 'loa_config_get',
    title: 'Get an LOA configuration',
    description: 'Get one LOA configuration.',
    method: 'GET',
    path: '/porting/loa_configurations/{id}',
    operationId: 'GetLoaConfiguration',
    toolset: 'loa',
    effect: 'read',
    input: z.object({ id: configId() }),
    kind: 'json',
  },
  {
    name: 'loa_config_update',
    title: 'Update an LOA configuration',
    description: 'Replace an LOA configuration; send every field, as on create.',
    method: 'PATCH',
    path: '/porting/loa_configurations/{id}',
    operationId: 'UpdateLoaConfiguration',
    toolset: 'loa',
    effect: 'write',
    idempotent: true,
    input: z.object({ id: configId(), ...loaFieldsShort }),
    body: true,
    kind: 'json',
  },
  {
    name: 'loa_config_delete',
    title: 'Delete an LOA configuration',
    description: 'Delete an LOA configuration.',
    method: 'DELETE',
    path: '/porting/loa_configurations/{id}',
    operationId: 'DeleteLoaConfiguration',
    toolset: 'loa',
    effect: 'destructive',
    idempotent: true,
    input: z.object({ id: configId() }),
    kind: 'empty',
  },
  {
    name: 'loa_config_preview',
    title: 'Preview an LOA configuration',
    description: 'Render the LOA PDF of a saved LOA configuration.',
    method: 'GET',
    path: '/porting/loa_configurations/{id}/preview',
    operationId: 'PreviewLoaConfiguration',
    toolset: 'loa',
    effect: 'read',
    input: z.object({ id: configId() }),
    kind: 'pdf',
  },
  {
    name: 'loa_config_preview_draft',
    title: 'Preview an unsaved LOA configuration',
    description: 'Render the LOA PDF for unsaved configuration fields (as loa_config_create).',
    method: 'POST',
    path: '/porting/loa_configurations/preview',
    operationId: 'PreviewLoaConfigurationParams',
    toolset: 'loa',
    effect: 'read',
    input: z.object(loaFieldsShort),
    body: true,
    kind: 'pdf',
  },
];
