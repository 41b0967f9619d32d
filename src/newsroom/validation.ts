import type { Kysely, Transaction } from 'kysely';
import type { z } from 'zod';
import type { Database } from '../platform/db/schema.js';
import { ValidationError } from '../platform/errors.js';

/** A database handle or an open transaction: newsroom store functions accept either. */
export type Queryable = Kysely<Database> | Transaction<Database>;

/**
 * Parses `input` with `schema`, or throws a ValidationError whose details name each bad
 * field (`email: 邮箱格式不正确`), for the API's 400 answer and the CLI's message.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, message = '输入有误，请检查后再试'): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new ValidationError(message, parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`));
  }
  return parsed.data;
}
