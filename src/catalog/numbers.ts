import { z } from 'zod';
import {
  ACTIVATION_STATUSES,
  CREATED_SORT,
  type Endpoint,
  e164,
  many,
  ORDER_STATUSES,
  orderId,
  PORTABILITY_STATUSES,
  page,
  sort,
  uuid,
} from './endpoint.js';

// Ranges of UK/DE style blocks are E.164-like with a looser length, as the spec defines them; written
// as people write numbers, they are normalised like every other phone field.
const rangeEnd = (description: string) => e164(description, /^\+\d{7,15}$/);
const range = z.object({ start_at: rangeEnd('First number'), end_at: rangeEnd('Last number') });
const extensionRange = z.object({ start_at: z.int().min(0), end_at: z.int().min(0) });

export const numbers: Endpoint[] = [
  {
    name: 'porting_number_list',
    title: 'List porting phone numbers',
    description:
      'List numbers being ported across orders, with order and activation status; format "csv" returns CSV.',
    method: 'GET',
    path: '/porting_phone_numbers',
    operationId: 'ListPortingPhoneNumbers',
    toolset: 'numbers',
    effect: 'read',
    input: z.object({
      ...page,
      filter: z
        .object({
          porting_order_id: many(uuid()),
          porting_order_status: z.enum(ORDER_STATUSES).describe("Status of the number's order"),
          phone_number: many(e164()),
          support_key: many(z.string()).describe('Support key(s)'),
          activation_status: z.enum(ACTIVATION_STATUSES),
          portability_status: z.enum(PORTABILITY_STATUSES),
        })
        .partial()
        .optional(),
      format: z.enum(['json', 'csv']).optional().describe('Default json'),
    }),
    lostFilters: { porting_order_id: 'plain', phone_number: 'plain', support_key: 'eq' },
    kind: 'list',
    csv: true,
  },
  {
    name: 'number_config_list',
    title: 'List phone number configurations',
    description: 'List the user bundle (regulatory) assigned to each porting phone number.',
    method: 'GET',
    path: '/porting_orders/phone_number_configurations',
    operationId: 'ListPhoneNumberConfigurations',
    toolset: 'numbers',
    effect: 'read',
    input: z.object({
      ...page,
      filter: z
        .object({
          porting_order_id: many(uuid()),
          porting_order: z.object({
            status: many(z.enum([...ORDER_STATUSES, 'activation-in-progress'])),
          }),
          porting_phone_number: many(uuid()),
          user_bundle_id: many(uuid()),
        })
        .partial()
        .optional(),
      sort: sort(CREATED_SORT),
    }),
    lostFilters: { porting_order_id: 'plain' },
    kind: 'list',
  },
  {
    name: 'number_config_create',
    title: 'Assign user bundles to numbers',
    description: 'Assign a user bundle (regulatory identity) to porting phone numbers, up to 20 per call.',
    method: 'POST',
    path: '/porting_orders/phone_number_configurations',
    operationId: 'CreatePhoneNumberConfigurations',
    toolset: 'numbers',
    effect: 'write',
    input: z.object({
      phone_number_configurations: z
        .array(
          z.object({
            porting_phone_number_id: uuid('Porting phone number id'),
            user_bundle_id: uuid('User bundle id'),
          }),
        )
        .min(1)
        .max(20)
        .describe('Number and bundle pairs'),
    }),
    body: true,
    kind: 'list',
  },
  {
    name: 'order_associated_number_list',
    title: 'List associated numbers',
    description: 'List numbers of a UK partial port marked to keep or disconnect at the losing carrier.',
    method: 'GET',
    path: '/porting_orders/{porting_order_id}/associated_phone_numbers',
    operationId: 'listPortingAssociatedPhoneNumbers',
    toolset: 'numbers',
    effect: 'read',
    input: z.object({
      porting_order_id: orderId(),
      ...page,
      filter: z
        .object({ action: z.enum(['keep', 'disconnect']), phone_number: e164() })
        .partial()
        .optional(),
      sort: sort(CREATED_SORT),
    }),
    kind: 'list',
  },
  {
    name: 'order_associated_number_create',
    title: 'Add associated numbers',
    description:
      'UK partial port: say whether a range of numbers that stays on the account is kept or disconnected.',
    method: 'POST',
    path: '/porting_orders/{porting_order_id}/associated_phone_numbers',
    operationId: 'createPortingAssociatedPhoneNumber',
    toolset: 'numbers',
    effect: 'write',
    input: z.object({
      porting_order_id: orderId(),
      action: z.enum(['keep', 'disconnect']).describe('At the losing carrier'),
      phone_number_range: range.partial().describe('One number: start_at only'),
    }),
    body: true,
    kind: 'json',
  },
  {
    name: 'order_associated_number_delete',
    title: 'Remove an associated number',
    description: 'Remove an associated number range from a porting order.',
    method: 'DELETE',
    path: '/porting_orders/{porting_order_id}/associated_phone_numbers/{id}',
    operationId: 'deletePortingAssociatedPhoneNumber',
    toolset: 'numbers',
    effect: 'destructive',
    idempotent: true,
    input: z.object({ porting_order_id: orderId(), id: uuid('Associated number id') }),
    kind: 'json',
  },
  {
    name: 'order_number_block_list',
    title: 'List number blocks',
    description: 'List the number blocks (DID ranges) of a porting order.',
    method: 'GET',
    path: '/porting_orders/{porting_order_id}/phone_number_blocks',
    operationId: 'listPortingPhoneNumberBlocks',
    toolset: 'numbers',
    effect: 'read',
    input: z.object({
      porting_order_id: orderId(),
      ...page,
      filter: z
        .object({
          phone_number: many(e164()),
          status: many(z.enum(ORDER_STATUSES)),
          activation_status: z.enum(ACTIVATION_STATUSES),
          portability_status: z.enum(PORTABILITY_STATUSES),
          support_key: many(z.string()),
          porting_order_id: many(uuid()),
        })
        .partial()
        .optional(),
      sort: sort(CREATED_SORT),
    }),
    kind: 'list',
  },
  {
    name: 'order_number_block_create',
    title: 'Add a number block',
    description:
      'Add a number block to an order, with the ranges to activate (inside the block, not overlapping).',
    method: 'POST',
    path: '/porting_orders/{porting_order_id}/phone_number_blocks',
    operationId: 'createPortingPhoneNumberBlock',
    toolset: 'numbers',
    effect: 'write',
    input: z.object({
      porting_order_id: orderId(),
      phone_number_range: range.describe('The whole block'),
      activation_ranges: z.array(range).min(1).describe('Ranges to activate'),
    }),
    body: true,
    kind: 'json',
  },
  {
    name: 'order_number_block_delete',
    title: 'Remove a number block',
    description: 'Remove a number block from a porting order.',
    method: 'DELETE',
    path: '/porting_orders/{porting_order_id}/phone_number_blocks/{id}',
    operationId: 'deletePortingPhoneNumberBlock',
    toolset: 'numbers',
    effect: 'destructive',
    idempotent: true,
    input: z.object({ porting_order_id: orderId(), id: uuid('Number block id') }),
    kind: 'json',
  },
  {
    name: 'order_number_extension_list',
    title: 'List number extensions',
    description: 'List the extension ranges (PBX extensions behind a number) of a porting order.',
    method: 'GET',
    path: '/porting_orders/{porting_order_id}/phone_number_extensions',
    operationId: 'listPortingPhoneNumberExtensions',
    toolset: 'numbers',
    effect: 'read',
    input: z.object({
      porting_order_id: orderId(),
      ...page,
      filter: z
        .object({
          porting_phone_number_id: uuid('Porting phone number id'),
          phone_number: many(e164()),
        })
        .partial()
        .optional(),
      sort: sort(CREATED_SORT),
    }),
    lostFilters: { phone_number: 'plain' },
    kind: 'list',
  },
  {
    name: 'order_number_extension_create',
    title: 'Add a number extension',
    description: 'Add an extension range to a porting phone number, with the sub-ranges to activate.',
    method: 'POST',
    path: '/porting_orders/{porting_order_id}/phone_number_extensions',
    operationId: 'createPortingPhoneNumberExtension',
    toolset: 'numbers',
    effect: 'write',
    input: z.object({
      porting_order_id: orderId(),
      porting_phone_number_id: uuid('Porting phone number id'),
      extension_range: extensionRange.describe('All extensions'),
      activation_ranges: z.array(extensionRange).min(1).describe('Extensions to activate'),
    }),
    body: true,
    kind: 'json',
  },
  {
    name: 'order_number_extension_delete',
    title: 'Remove a number extension',
    description: 'Remove an extension range from a porting order.',
    method: 'DELETE',
    path: '/porting_orders/{porting_order_id}/phone_number_extensions/{id}',
    operationId: 'deletePortingPhoneNumberExtension',
    toolset: 'numbers',
    effect: 'destructive',
    idempotent: true,
    input: z.object({ porting_order_id: orderId(), id: uuid('Number extension id') }),
    kind: 'json',
  },
];
