import { activationJobs } from './activation-jobs.js';
import { comments } from './comments.js';
import { documents } from './documents.js';
import { documentsApi } from './documents-api.js';
import type { Endpoint } from './endpoint.js';
import { events } from './events.js';
import { loaConfigurations } from './loa-configurations.js';
import { numbers } from './numbers.js';
import { orders } from './orders.js';
import { portability } from './portability.js';
import { reports } from './reports.js';
import { verification } from './verification.js';

/** Every porting-in operation (and the Documents API ones it needs), in the order tools are listed: the workflow's order, then reference data. */
export const catalog: readonly Endpoint[] = [
  ...portability,
  ...orders,
  ...comments,
  ...documentsApi,
  ...documents,
  ...verification,
  ...activationJobs,
  ...numbers,
  ...loaConfigurations,
  ...events,
  ...reports,
];

export const byName = new Map(catalog.map((e) => [e.name, e]));
