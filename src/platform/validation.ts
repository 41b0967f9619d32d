import type { z } from 'zod';
import { ValidationError } from './errors.js';

/**
 * Parses `input` with `schema`, or throws a ValidationError whose details name each bad
 * field (`email: 邮箱格式不正确`), for the API's 400 answer and the CLI's message.
 * @example const body = parseInput(NewTokenSchema, request.body, '令牌信息有误');
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, message = '输入有误，请检查后再试'): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new ValidationError(message, parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`));
  }
  return parsed.data;
}
