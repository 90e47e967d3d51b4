import { type Loopback, startLoopback } from './loopback.js';
import { sampleResponse, validateRequest } from './openapi.js';

/** Gates read the order first (src/mcp/gates.ts): per gated tool, an order that step can act on. */
export const GATE_ORDERS: Record<string, Record<string, unknown>> = {
  order_delete: { status: { value: 'draft', details: [] } },
  order_confirm: {
    status: { value: 'draft', details: [] },
    requirements_met: true,
    additional_steps: [],
    activation_settings: { fast_port_eligible: true },
  },
  order_cancel: { status: { value: 'submitted', details: [] }, activation_settings: {} },
  order_activate: {
    status: { value: 'foc-date-confirmed', details: [] },
    activation_settings: { fast_port_eligible: true },
  },
};

/**
 * A loopback "Telnyx" that checks every request against the OpenAPI file and answers each valid one
 * with a spec-valid sample of its operation (400 and the reasons otherwise).
 */
export async function startContractApi(
  /** Fields merged into the sample's `data` per operationId (e.g. an order a gate lets through). */
  overrides = new Map<string, Record<string, unknown>>(),
): Promise<{ api: Loopback; errors: Map<string, string[]> }> {
  const errors = new Map<string, string[]>(); // operationId (or "unknown") -> request errors
  const api = await startLoopback((req, res) => {
    const { operationId, errors: problems } = validateRequest(req);
    errors.set(operationId ?? 'unknown', [...(errors.get(operationId ?? 'unknown') ?? []), ...problems]);
    if (!operationId || problems.length) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end(problems.join('\n') || 'no such operation');
      return;
    }
    const sample = sampleResponse(operationId);
    const override = overrides.get(operationId);
    if (override && sample.body && typeof sample.body === 'object' && 'data' in sample.body)
      sample.body = { ...sample.body, data: { ...(sample.body.data as object), ...override } };
    const body =
      sample.body === undefined
        ? undefined
        : Buffer.isBuffer(sample.body)
          ? sample.body
          : JSON.stringify(sample.body);
    res.writeHead(sample.status, sample.contentType ? { 'content-type': sample.contentType } : {}).end(body);
  });
  return { api, errors };
}
