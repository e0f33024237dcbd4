/**
 * Read a JSON request body within a size limit and validate it with a protocol schema.
 *
 * Hand-written rather than hono's bodyLimit + @hono/zod-validator: the three failures get three
 * stable codes (unsupported_media_type, invalid_json, invalid_request) and zod's raw output never
 * reaches the wire; a declared Content-Length over the limit is refused before reading, a chunked
 * body as soon as it passes the limit; and a request without a body (the common session mint) never
 * builds the full Fetch Request object, which measurably slows the hot path.
 */
import type { Context } from 'hono';
import type { z } from 'zod';
import { ServiceError } from '../errors.js';
import { readBodyRaw, readBodyText } from './node-request.js';
import { TooLargeError } from '../platform/read-capped.js';

/** Does the request carry a body at all (a non-zero Content-Length, or a chunked one)? */
export function hasBody(c: Context): boolean {
  const length = c.req.header('content-length');
  return length !== undefined ? Number(length) !== 0 : c.req.header('transfer-encoding') !== undefined;
}

async function readText(c: Context, max: number): Promise<string> {
  const length = c.req.header('content-length');
  if (length !== undefined) {
    if (Number(length) > max) throw new ServiceError('payload_too_large'); // check: body-size-declared
    if (Number(length) === 0) return '';
  } else if (c.req.header('transfer-encoding') === undefined) {
    return ''; // no body at all
  }
  try {
    return await readBodyText(c, max);
  } catch (err) {
    if (err instanceof TooLargeError) throw new ServiceError('payload_too_large');
    if (err instanceof TypeError) throw new ServiceError('invalid_json', { message: 'The body is not valid UTF-8.' });
    throw err;
  }
}

/** Media types a JSON body may come as; a PATCH may also say it is a JSON merge patch (RFC 7396). */
const JSON_TYPES = ['application/json'];
const PATCH_TYPES = ['application/json', 'application/merge-patch+json'];

export async function readJson<S extends z.ZodType>(
  c: Context,
  schema: S,
  opts: { optional?: boolean; mergePatch?: boolean; max?: number } = {},
): Promise<z.output<S>> {
  const max = opts.max ?? 32 * 1024;
  const text = await readText(c, max);
  let value: unknown = {};
  if (text.length > 0 || !opts.optional) {
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (!(opts.mergePatch ? PATCH_TYPES : JSON_TYPES).includes(type)) throw new ServiceError('unsupported_media_type'); // check: content-type
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
        message:
          i.code === 'unrecognized_keys'
            ? `unknown field(s): ${i.keys
                .slice(0, 10)
                .map((k) => k.slice(0, 40))
                .join(', ')}`
            : i.message,
      })),
    });
  }
  return parsed.data;
}

/** An uploaded file's bytes (a brand image): the declared size is checked before reading, the read size while reading. */
export async function readBodyBytes(c: Context, max: number): Promise<Uint8Array> {
  const length = c.req.header('content-length');
  if (length !== undefined && Number(length) > max) throw new ServiceError('payload_too_large');
  try {
    return await readBodyRaw(c, max);
  } catch (err) {
    if (err instanceof TooLargeError) throw new ServiceError('payload_too_large');
    throw err;
  }
}
