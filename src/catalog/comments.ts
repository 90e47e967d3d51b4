import { z } from 'zod';
import { type Endpoint, orderId, page, text } from './endpoint.js';

export const comments: Endpoint[] = [
  {
    name: 'order_comment_list',
    title: 'List order comments',
    description: "List a porting order's comments, yours and Telnyx support's.",
    method: 'GET',
    path: '/porting_orders/{porting_order_id}/comments',
    operationId: 'ListPortingOrderComments',
    toolset: 'orders',
    effect: 'read',
    input: z.object({ porting_order_id: orderId(), ...page }),
    kind: 'list',
  },
  {
    name: 'order_comment_create',
    title: 'Comment on an order',
    description: 'Post a comment on a porting order; Telnyx porting support reads and answers it.',
    method: 'POST',
    path: '/porting_orders/{porting_order_id}/comments',
    operationId: 'CreatePortingOrderComment',
    toolset: 'orders',
    effect: 'write',
    input: z.object({ porting_order_id: orderId(), body: text().describe('Comment text') }),
    body: true,
    kind: 'json',
  },
];
