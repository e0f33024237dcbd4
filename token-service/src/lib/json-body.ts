/**
 * Read a JSON request body and validate it with a protocol schema. Hand-written rather than
 * @hono/zod-validator so that the three failures get three stable codes (unsupported_media_type,
 * invalid_json, invalid_request) and zod's raw output never reaches the wire. The size limit is
 * enforced before this runs (bodyLimit in app.ts).
 */
import type { Context } from 'hono';
import type { z } from 'zod';
import { ServiceError } from '../errors.js';

export async function readJson<S extends z.ZodType>(
  c: Context,
  schema: S,
  opts: { optional?: boolean } = {},
): Promise<z.output<S>> {
  const text = await c.req.text();
  let value: unknown = {};
  if (text.length > 0 || !opts.optional) {
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') throw new ServiceError('unsupported_media_type');
    try {
      value = JSON.parse(text);
    } catch {
      throw new ServiceError('invalid_json');
    }
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new ServiceError('invalid_request', {
      issues: parsed.error.issues.slice(0, 20).map((i) => ({
        path: i.path.map(String).join('.') || '(body)',
        message: i.code === 'unrecognized_keys' ? `unknown field(s): ${i.keys.slice(0, 10).map((k) => k.slice(0, 40)).join(", ")}` : i.message,
      })),
    });
  }
  return parsed.data;
}
