/** The one error envelope every non-2xx response carries. */
import { z } from 'zod';
import { ERROR_CODE_LIST } from './codes.js';

export const ErrorBody = z
  .strictObject({
    code: z.enum(ERROR_CODE_LIST as [string, ...string[]]),
    message: z.string(),
    /** Seconds until a retry may succeed, when the service knows. */
    retryAfter: z.number().int().nonnegative().optional(),
    /** Which request fields were wrong, for `invalid_request`. */
    issues: z.array(z.strictObject({ path: z.string(), message: z.string() })).optional(),
    requestId: z.string().optional(),
  })
  .meta({ id: 'ErrorBody' });

export const ErrorEnvelope = z.strictObject({ error: ErrorBody }).meta({ id: 'ErrorEnvelope' });
