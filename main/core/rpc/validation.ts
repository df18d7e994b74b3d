// Turn a zod failure into one readable sentence that names the field, plus structured issues.
import type { z } from 'zod';
import { RpcError } from '../../../shared/contracts/errors';

export function describeIssues(issues: readonly z.core.$ZodIssue[]): { path: string; message: string }[] {
  return issues.map((issue) => ({
    path: issue.path.length ? issue.path.map(String).join('.') : '(input)',
    message: issue.message,
  }));
}

export function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = describeIssues(result.error.issues);
  const text = issues.map((i) => (i.message.startsWith(`${i.path}:`) ? i.message : `${i.path}: ${i.message}`)).join('; ');
  throw new RpcError('invalid_input', `${what}: ${text}`, { issues });
}
