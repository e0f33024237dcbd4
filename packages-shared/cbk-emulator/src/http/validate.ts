/**
 * A very small body validator in the spirit of the server's Joi schemas: type checks per field,
 * Joi-like messages ('"name" must be a string'), 400 BAD_REQUEST on the first failure. Unknown
 * keys are accepted (whether the live API rejects them is unconfirmed, and rejecting would break
 * clients that send newer fields). Hand-written because a schema library is not a dependency here.
 */
import { badRequest } from './errors.js';
import type { Json, JsonObject } from '../types.js';

export type FieldKind = 'string' | 'boolean' | 'number' | 'object' | 'array' | 'any';

export interface FieldSpec {
  kind: FieldKind;
  nullable?: boolean;
  required?: boolean;
  /** For strings: allowed values. */
  oneOf?: readonly string[];
  /** For strings: trimmed value must not be empty. */
  nonEmpty?: boolean;
}

export type Schema = Readonly<Record<string, FieldSpec>>;

function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkField(name: string, value: unknown, spec: FieldSpec): string | null {
  if (value === null) return spec.nullable ? null : `"${name}" must be a ${spec.kind}`;
  switch (spec.kind) {
    case 'any':
      return null;
    case 'string':
      if (typeof value !== 'string') return `"${name}" must be a string`;
      if (spec.nonEmpty && value.trim() === '') return `"${name}" is not allowed to be empty`;
      if (spec.oneOf && !spec.oneOf.includes(value)) {
        return `"${name}" must be one of [${spec.oneOf.join(', ')}]`;
      }
      return null;
    case 'boolean':
      return typeof value === 'boolean' ? null : `"${name}" must be a boolean`;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? null : `"${name}" must be a number`;
    case 'object':
      return isPlainObject(value) ? null : `"${name}" must be of type object`;
    case 'array':
      return Array.isArray(value) ? null : `"${name}" must be an array`;
  }
}

/** Validate a parsed JSON body against a schema; returns it as an object or throws 400. */
export function validateBody(body: unknown, schema: Schema): JsonObject {
  if (!isPlainObject(body)) throw badRequest('"value" must be of type object');
  for (const [name, spec] of Object.entries(schema)) {
    const value = body[name];
    if (value === undefined) {
      if (spec.required) throw badRequest(`"${name}" is required`);
      continue;
    }
    const problem = checkField(name, value, spec);
    if (problem) throw badRequest(problem);
  }
  return body;
}

/** Field readers used when copying a validated body into a record. */
export const read = {
  string(body: JsonObject, key: string): string | null | undefined {
    const value = body[key];
    return value === undefined ? undefined : typeof value === 'string' ? value : null;
  },
  boolean(body: JsonObject, key: string): boolean | null | undefined {
    const value = body[key];
    return value === undefined ? undefined : typeof value === 'boolean' ? value : null;
  },
  object(body: JsonObject, key: string): JsonObject | null | undefined {
    const value = body[key];
    return value === undefined ? undefined : isPlainObject(value) ? value : null;
  },
  number(body: JsonObject, key: string): number | null | undefined {
    const value = body[key];
    return value === undefined ? undefined : typeof value === 'number' ? value : null;
  },
  array(body: JsonObject, key: string): Json[] | undefined {
    const value = body[key];
    return Array.isArray(value) ? value : undefined;
  },
};

export { isPlainObject };
