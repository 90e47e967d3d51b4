import { z } from 'zod';
import { dateTime, type Endpoint, page, uuid } from './endpoint.js';

const EVENT_TYPES = [
  'porting_order.status_changed',
  'porting_order.new_comment',
  'porting_order.split',
  'porting_order.messaging_changed',
  'porting_order.deleted',
  'porting_order.loa_updated',
  'porting_order.sharing_token_expired',
] as const;

export const events: Endpoint[] = [
  {
    name: 'event_list',
    title: 'List porting events',
    description: 'List porting events, e.g. the history of one order.',
    method: 'GET',
    path: '/porting/events',
    operationId: 'listPortingEvents',
    toolset: 'events',
    effect: 'read',
    input: z.object({
      ...page,
      filter: z
        .object({
          porting_order_id: uuid('Order id'),
          type: z.enum(EVENT_TYPES),
          created_at: z.object({ gte: dateTime(), lte: dateTime() }).partial().describe('Created between'),
        })
        .partial()
        .optional(),
    }),
    kind: 'list',
  },
  {
    name: 'event_get',
    title: 'Get a porting event',
    description: 'Get one porting event with its payload.',
    method: 'GET',
    path: '/porting/events/{id}',
    operationId: 'showPortingEvent',
    toolset: 'events',
    effect: 'read',
    input: z.object({ id: uuid('Event id') }),
    kind: 'json',
  },
  {
    name: 'event_republish',
    title: 'Resend a porting event',
    description: "Deliver a porting event again to the order's webhook or email.",
    method: 'POST',
    path: '/porting/events/{id}/republish',
    operationId: 'republishPortingEvent',
    toolset: 'events',
    effect: 'write',
    input: z.object({ id: uuid('Event id') }),
    kind: 'empty',
  },
];
