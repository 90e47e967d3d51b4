import { z } from 'zod';
import {
  CREATED_SORT,
  type Endpoint,
  e164,
  many,
  orderId,
  page,
  pathId,
  sort,
  text,
  uuid,
} from './endpoint.js';

export const verification: Endpoint[] = [
  {
    name: 'order_verification_code_list',
    title: 'List verification codes',
    description: "List an order's verification codes and which numbers are verified.",
    method: 'GET',
    path: '/porting_orders/{porting_order_id}/verification_codes',
    operationId: 'ListVerificationCodes',
    toolset: 'verification',
    effect: 'read',
    input: z.object({
      porting_order_id: orderId(),
      ...page,
      filter: z
        .object({
          verified: z.boolean(),
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
    name: 'order_verification_code_send',
    title: 'Send verification codes',
    description:
      "Text or call the order's numbers with a code proving control of them (when the order needs it). Reaches real phones.",
    method: 'POST',
    path: '/porting_orders/{porting_order_id}/verification_codes/send',
    operationId: 'SendPortingVerificationCodes',
    toolset: 'verification',
    effect: 'destructive',
    input: z.object({
      porting_order_id: orderId(),
      phone_numbers: many(e164()).max(100).optional().describe('Default: all numbers'),
      verification_method: z.enum(['sms', 'call']).optional().describe('Text or voice call'),
    }),
    body: true,
    kind: 'empty',
  },
  {
    name: 'order_verification_code_verify',
    title: 'Verify codes',
    description: 'Submit the codes the number owners received, to verify their numbers.',
    method: 'POST',
    path: '/porting_orders/{porting_order_id}/verification_codes/verify',
    operationId: 'VerifyPortingVerificationCodes',
    toolset: 'verification',
    effect: 'write',
    input: z.object({
      porting_order_id: orderId(),
      verification_codes: z
        .array(z.object({ phone_number: e164(), code: text() }))
        .min(1)
        .max(100)
        .describe('The code each number received'),
    }),
    body: true,
    kind: 'list',
  },
  {
    name: 'order_action_requirement_list',
    title: 'List action requirements',
    description: 'List the actions an order needs before it can proceed (e.g. Australian ID verification).',
    method: 'GET',
    path: '/porting_orders/{porting_order_id}/action_requirements',
    operationId: 'listPortingActionRequirements',
    toolset: 'verification',
    effect: 'read',
    input: z.object({
      porting_order_id: pathId('Porting order id'),
      ...page,
      filter: z
        .object({
          status: z.enum(['created', 'pending', 'completed', 'cancelled', 'failed']),
          action_type: z.enum(['au_id_verification']),
          requirement_type_id: uuid('Requirement type id'),
          id: many(uuid()),
        })
        .partial()
        .optional(),
      sort: sort(['created_at', '-created_at', 'updated_at', '-updated_at']),
    }),
    kind: 'list',
  },
  {
    name: 'order_action_requirement_initiate',
    title: 'Start an action requirement',
    description:
      'Start an action requirement, e.g. the Australian ID verification flow for the named person.',
    method: 'POST',
    path: '/porting_orders/{porting_order_id}/action_requirements/{id}/initiate',
    operationId: 'initiatePortingActionRequirement',
    toolset: 'verification',
    effect: 'write',
    input: z.object({
      porting_order_id: pathId('Porting order id'),
      id: pathId('Action requirement id'),
      params: z
        .object({ first_name: text(), last_name: text() })
        .describe('The person who will verify their ID'),
    }),
    body: true,
    kind: 'json',
  },
];
