// The one declaration of an operation: its name, schemas, and what it may change.
// Everything else (RpcServer, transports, renderer client, CLI) derives from these.
import { z } from 'zod';

/** What an operation writes. Read-only callers are refused anything but 'nothing'. */
export type WriteScope = 'cluster' | 'docker' | 'policy' | 'local' | 'nothing';

/**
 * query: request/response that reads.  mutation: request/response that writes.
 * task: long work; the call returns a task id at once, progress streams on tasks.updates.
 * stream: a subscription; the handler emits values until the caller unsubscribes.
 */
export type OperationKind = 'query' | 'mutation' | 'task' | 'stream';

export interface Operation<
  N extends string = string,
  K extends OperationKind = OperationKind,
  I extends z.ZodType = z.ZodType,
  O extends z.ZodType = z.ZodType,
> {
  readonly name: N;
  readonly kind: K;
  readonly input: I;
  /** For a stream: the schema of each emitted value. For a task: the task's result. */
  readonly output: O;
  readonly writes: WriteScope;
  /** Only the administrator role may call it (access and settings that affect everyone). */
  readonly adminOnly: boolean;
  readonly summary: string;
}

interface OperationOptions<N extends string, K extends OperationKind, I extends z.ZodType, O extends z.ZodType> {
  name: N;
  kind: K;
  input: I;
  output: O;
  writes?: WriteScope;
  adminOnly?: boolean;
  summary: string;
}

export function defineOperation<N extends string, K extends OperationKind, I extends z.ZodType, O extends z.ZodType>(
  options: OperationOptions<N, K, I, O>,
): Operation<N, K, I, O> {
  const writes = options.writes ?? 'nothing';
  // A mutation must state its scope; 'nothing' is allowed for controls such as cancelling a task.
  if (options.kind === 'mutation' && options.writes === undefined) {
    throw new Error(`operation ${options.name}: a mutation must say what it writes`);
  }
  if (options.kind === 'query' && writes !== 'nothing') {
    throw new Error(`operation ${options.name}: a query cannot write (${writes}); make it a mutation or task`);
  }
  return Object.freeze({ ...options, writes, adminOnly: options.adminOnly ?? false });
}

export type InputOf<Op> = Op extends Operation<string, OperationKind, infer I, z.ZodType> ? z.input<I> : never;
export type ParsedInputOf<Op> = Op extends Operation<string, OperationKind, infer I, z.ZodType> ? z.output<I> : never;
export type OutputOf<Op> = Op extends Operation<string, OperationKind, z.ZodType, infer O> ? z.output<O> : never;

/** What a task call returns at once. */
export const taskStarted = z.object({ taskId: z.string() });
export type TaskStarted = z.infer<typeof taskStarted>;
