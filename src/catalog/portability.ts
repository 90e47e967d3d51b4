import { z } from 'zod';
import { atLeastOne, country, type Endpoint, e164 } from './endpoint.js';

export const portability: Endpoint[] = [
  {
    name: 'portability_check',
    title: 'Check portability',
    description:
      'Check if numbers can port to Telnyx: portable, fast_portable (FastPort), not_portable_reason per number. Run before order_create.',
    method: 'POST',
    path: '/portability_checks',
    operationId: 'PostPortabilityCheck',
    toolset: 'portability',
    effect: 'read',
    input: z.object({
      phone_numbers: atLeastOne(e164()).describe('Numbers in any common format'),
      country: country(),
    }),
    body: true,
    kind: 'list',
    chunk: { field: 'phone_numbers', size: 100, max: 1000 },
    deriveNumberType: true,
  },
];
