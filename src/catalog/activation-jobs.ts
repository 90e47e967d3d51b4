import { z } from 'zod';
import { dateTime, type Endpoint, orderId, page, uuid } from './endpoint.js';

const jobId = () => uuid('Activation job id');

export const activationJobs: Endpoint[] = [
  {
    name: 'order_activation_job_list',
    title: 'List activation jobs',
    description:
      'List the activation jobs of a FastPort order (created by order_activate) with their status.',
    method: 'GET',
    path: '/porting_orders/{porting_order_id}/activation_jobs',
    operationId: 'ListPortingOrderActivationJobs',
    toolset: 'orders',
    effect: 'read',
    input: z.object({ porting_order_id: orderId(), ...page }),
    kind: 'list',
  },
  {
    name: 'order_activation_job_get',
    title: 'Get an activation job',
    description: 'Get one activation job: status, type and activation windows.',
    method: 'GET',
    path: '/porting_orders/{porting_order_id}/activation_jobs/{activation_job_id}',
    operationId: 'GetPortingOrdersActivationJob',
    toolset: 'orders',
    effect: 'read',
    input: z.object({ porting_order_id: orderId(), activation_job_id: jobId() }),
    kind: 'json',
  },
  {
    name: 'order_activation_job_update',
    title: 'Reschedule an activation job',
    description:
      "Change when an activation job runs; the time must fall in one of the job's activation windows.",
    method: 'PATCH',
    path: '/porting_orders/{porting_order_id}/activation_jobs/{activation_job_id}',
    operationId: 'UpdatePortingOrdersActivationJob',
    toolset: 'orders',
    effect: 'write',
    idempotent: true,
    input: z.object({
      porting_order_id: orderId(),
      activation_job_id: jobId(),
      activate_at: dateTime('New activation time'),
    }),
    body: true,
    kind: 'json',
  },
];
