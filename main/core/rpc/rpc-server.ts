// The one dispatcher behind every transport: validate input, check the caller's role, record
// writing operations in the trail, run the handler, keep errors in one envelope.
import { RpcError, type RpcResult } from '../../../shared/contracts/errors';
import type { Operation, OutputOf, ParsedInputOf } from '../../../shared/contracts/operation';
import { roleLabels } from '../../../shared/model/role';
import type { TaskContext, TaskManager } from '../tasks/task-manager';
import type { NewTrailEntry } from '../trail/trail-repository';
import type { Caller } from './caller';
import { redactSecrets } from './redact';
import { parseOrThrow } from './validation';

type Awaitable<T> = T | Promise<T>;

export type RequestHandler<Op> = (input: ParsedInputOf<Op>, caller: Caller) => Awaitable<OutputOf<Op>>;
export interface TaskHandler<Op> {
  title(input: ParsedInputOf<Op>): string;
  /** What the task is about, so other windows can find it (TaskInfo.subject). */
  subject?(input: ParsedInputOf<Op>): string | null;
  run(input: ParsedInputOf<Op>, task: TaskContext, caller: Caller): Promise<OutputOf<Op>>;
}
export type StreamHandler<Op> = (input: ParsedInputOf<Op>, emit: (value: OutputOf<Op>) => void, caller: Caller) => () => void;

export type HandlerFor<Op> = Op extends { kind: 'task' }
  ? TaskHandler<Op>
  : Op extends { kind: 'stream' }
    ? StreamHandler<Op>
    : RequestHandler<Op>;

/** Where writing operations are recorded. assertWritable throws when the trail cannot be written. */
export interface TrailSink {
  assertWritable(): void;
  append(entry: NewTrailEntry): void;
}

export interface StreamSink {
  next(value: unknown): void;
  error(error: RpcError): void;
}

type AnyHandler = RequestHandler<Operation> | TaskHandler<Operation> | StreamHandler<Operation>;

export class RpcServer<C extends Record<string, Operation>> {
  private readonly handlers = new Map<string, AnyHandler>();

  constructor(
    private readonly contract: C,
    private readonly deps: { trail: TrailSink; tasks: TaskManager; now?: () => Date },
  ) {}

  implement<N extends keyof C & string>(name: N, handler: HandlerFor<C[N]>): this {
    if (!Object.prototype.hasOwnProperty.call(this.contract, name)) throw new Error(`no operation ${name} in the contract`);
    if (this.handlers.has(name)) throw new Error(`operation ${name} is implemented twice`);
    this.handlers.set(name, handler as AnyHandler);
    return this;
  }

  /** Operations declared in the contract that nothing implements (a test asserts this is empty). */
  missing(): string[] {
    return Object.keys(this.contract).filter((name) => !this.handlers.has(name));
  }

  operations(): Operation[] {
    return Object.values(this.contract);
  }

  async call(caller: Caller, name: string, rawInput: unknown): Promise<RpcResult<unknown>> {
    try {
      return { ok: true, value: await this.dispatch(caller, name, rawInput) };
    } catch (error) {
      return { ok: false, error: RpcError.from(error).toShape() };
    }
  }

  /** Start a subscription. Returns the unsubscribe function, or the error envelope. */
  subscribe(caller: Caller, name: string, rawInput: unknown, sink: StreamSink): RpcResult<() => void> {
    try {
      const op = this.resolve(caller, name, 'stream');
      const input = parseOrThrow(op.input, rawInput ?? {}, op.name);
      const handler = this.handlers.get(op.name) as StreamHandler<Operation>;
      let closed = false;
      let stop: () => void = () => undefined;
      const close = () => {
        if (closed) return;
        closed = true;
        stop();
      };
      stop = handler(
        input,
        (value) => {
          if (closed) return;
          const checked = op.output.safeParse(value);
          if (checked.success) sink.next(checked.data);
          else {
            sink.error(new RpcError('internal', `${op.name}: emitted a value that does not match its contract`));
            close();
          }
        },
        caller,
      );
      if (closed) stop();
      return { ok: true, value: close };
    } catch (error) {
      return { ok: false, error: RpcError.from(error).toShape() };
    }
  }

  private resolve(caller: Caller, name: string, expect: 'stream' | 'request'): Operation {
    const op = Object.prototype.hasOwnProperty.call(this.contract, name) ? this.contract[name] : undefined;
    if (!op) throw new RpcError('unknown_operation', `unknown operation "${name}"`);
    if (expect === 'stream' && op.kind !== 'stream') throw new RpcError('invalid_input', `${name} is not a stream; call it instead`);
    if (expect === 'request' && op.kind === 'stream') throw new RpcError('invalid_input', `${name} is a stream; subscribe to it instead`);
    if (op.adminOnly && caller.role !== 'administrator') {
      throw new RpcError('forbidden', `${name} is for administrators; this session is ${roleLabels[caller.role]}`);
    }
    if (caller.role === 'read-only' && op.writes !== 'nothing') {
      throw new RpcError('forbidden', `${name} writes to ${op.writes} and this session is read-only (auditor mode)`);
    }
    if (!this.handlers.has(name)) throw new RpcError('internal', `${name} is declared but not implemented`);
    return op;
  }

  private async dispatch(caller: Caller, name: string, rawInput: unknown): Promise<unknown> {
    const op = this.resolve(caller, name, 'request');
    const input = parseOrThrow(op.input, rawInput ?? {}, op.name);
    const writes = op.writes !== 'nothing';
    if (writes) this.deps.trail.assertWritable();

    if (op.kind === 'task') return this.startTask(op, input, caller);

    const handler = this.handlers.get(op.name) as RequestHandler<Operation>;
    try {
      const output = this.checkOutput(op, await handler(input, caller));
      if (writes) this.record(op, input, caller, 'ok', null, null);
      return output;
    } catch (error) {
      if (writes) this.record(op, input, caller, 'failed', RpcError.from(error).message, null);
      throw error;
    }
  }

  private startTask(op: Operation, input: unknown, caller: Caller): { taskId: string } {
    const handler = this.handlers.get(op.name) as TaskHandler<Operation>;
    const writes = op.writes !== 'nothing';
    const started = this.deps.tasks.start(
      op.name,
      handler.title(input),
      async (task) => this.checkOutput(op, await handler.run(input, task, caller)),
      handler.subject?.(input) ?? null,
    );
    if (writes) {
      this.record(op, input, caller, 'started', null, started.info.id);
      void started.done.then((info) => {
        const outcome = info.state === 'succeeded' ? 'ok' : 'failed';
        const error = info.state === 'succeeded' ? null : (info.error?.message ?? info.state);
        this.record(op, input, caller, outcome, error, info.id);
      });
    }
    return { taskId: started.info.id };
  }

  private checkOutput(op: Operation, value: unknown): unknown {
    const checked = op.output.safeParse(value);
    if (!checked.success) {
      throw new RpcError('internal', `${op.name}: the result does not match its contract (${checked.error.issues[0]?.message ?? 'invalid'})`);
    }
    return checked.data;
  }

  private record(op: Operation, input: unknown, caller: Caller, outcome: NewTrailEntry['outcome'], error: string | null, taskId: string | null) {
    try {
      this.deps.trail.append({
        at: (this.deps.now?.() ?? new Date()).toISOString(),
        actor: caller.actor,
        role: caller.role,
        transport: caller.transport,
        operation: op.name,
        writes: op.writes,
        input: JSON.stringify(redactSecrets(input) ?? {}),
        outcome,
        error,
        taskId,
      });
    } catch {
      // assertWritable passed moments ago; a failure here is the store's, and it reports itself.
    }
  }
}
