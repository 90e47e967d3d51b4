import { type Loopback, startLoopback } from './loopback.js';
import { sampleResponse, validateRequest } from './openapi.js';

/**
 * A loopback "Telnyx" that checks every request against the OpenAPI file and answers each valid one
 * with a spec-valid sample of its operation (400 and the reasons otherwise).
 */
export async function startContractApi(): Promise<{ api: Loopback; errors: Map<string, string[]> }> {
  const errors = new Map<string, string[]>(); // operationId (or "unknown") -> request errors
  const api = await startLoopback((req, res) => {
    const { operationId, errors: problems } = validateRequest(req);
    errors.set(operationId ?? 'unknown', [...(errors.get(operationId ?? 'unknown') ?? []), ...problems]);
    if (!operationId || problems.length) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end(problems.join('\n') || 'no such operation');
      return;
    }
    const sample = sampleResponse(operationId);
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
