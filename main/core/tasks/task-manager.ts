// Runs long work off the request path: each task gets an id, an AbortSignal and a progress
// reporter; every change is broadcast to subscribers (throttled) and kept in the store.
import { randomUUID } from 'node:crypto';
import { RpcError } from '../../../shared/contracts/errors';
import type { TaskInfo } from '../../../shared/model/task';
import type { TaskRepository } from './task-repository';

export interface TaskContext {
  readonly signal: AbortSignal;
  readonly id: string;
  /** fraction 0..1 (null: unknown yet) and a short human message. */
  progress(fraction: number | null, message?: string): void;
  /** Throws a 'cancelled' RpcError when the user cancelled. Call it between units of work. */
  throwIfCancelled(): void;
}

type Listener = (task: TaskInfo) => void;

const BROADCAST_INTERVAL_MS = 100;
const PERSIST_INTERVAL_MS = 1000;
const KEPT_FINISHED = 200;

interface Running {
  info: TaskInfo;
  controller: AbortController;
  lastBroadcast: number;
  lastPersist: number;
  pending: ReturnType<typeof setTimeout> | null;
}

export interface StartedTask {
  info: TaskInfo;
  /** Settles with the task's result; it never rejects (failures are in the TaskInfo). */
  done: Promise<TaskInfo>;
}

export class TaskManager {
  private readonly running = new Map<string, Running>();
  private readonly finished: TaskInfo[] = [];
  private readonly listeners = new Set<Listener>();

  constructor(
    private readonly repository: TaskRepository | null,
    private readonly now: () => Date = () => new Date(),
  ) {
    repository?.markInterrupted(this.now().toISOString());
  }

  start(operation: string, title: string, run: (task: TaskContext) => Promise<unknown>, subject: string | null = null): StartedTask {
    const controller = new AbortController();
    const info: TaskInfo = {
      id: randomUUID(),
      operation,
      title,
      subject,
      state: 'running',
      progress: null,
      message: 'Starting',
      startedAt: this.now().toISOString(),
      finishedAt: null,
      error: null,
      cancellable: true,
    };
    const entry: Running = { info, controller, lastBroadcast: 0, lastPersist: 0, pending: null };
    this.running.set(info.id, entry);
    this.persist(entry, true);
    this.emit(info);

    const context: TaskContext = {
      signal: controller.signal,
      id: info.id,
      progress: (fraction, message) => {
        if (info.state !== 'running') return;
        info.progress = fraction === null ? null : Math.min(1, Math.max(0, fraction));
        if (message !== undefined) info.message = message;
        this.scheduleBroadcast(entry);
      },
      throwIfCancelled: () => {
        if (controller.signal.aborted) throw new RpcError('cancelled', `${title}: cancelled`);
      },
    };

    // Run on the next tick so the caller gets the task id before any work (or failure) happens.
    const done = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => run(context))
      .then(
        (result) => this.finish(entry, 'succeeded', null, result),
        (error: unknown) => {
          const rpcError = RpcError.from(error);
          const cancelled = controller.signal.aborted || rpcError.code === 'cancelled';
          return this.finish(entry, cancelled ? 'cancelled' : 'failed', cancelled ? null : rpcError, undefined);
        },
      );
    return { info: { ...info }, done };
  }

  cancel(id: string): boolean {
    const entry = this.running.get(id);
    if (!entry) return false;
    entry.info.message = 'Cancelling';
    entry.controller.abort();
    this.emit(entry.info);
    return true;
  }

  get(id: string): TaskInfo | undefined {
    const entry = this.running.get(id);
    if (entry) return { ...entry.info };
    return this.finished.find((t) => t.id === id);
  }

  list(options: { includeFinished: boolean; limit: number }): TaskInfo[] {
    const running = [...this.running.values()].map((r) => ({ ...r.info }));
    if (!options.includeFinished) return running;
    const seen = new Set(running.map((t) => t.id));
    const finished = [...this.finished];
    for (const stored of this.repository?.recent(options.limit) ?? []) {
      if (!finished.some((t) => t.id === stored.id)) finished.push(stored);
    }
    const rest = finished.filter((t) => !seen.has(t.id)).sort((a, b) => b.startedAt.localeCompare(a.startedAt));
    return [...running, ...rest].slice(0, options.limit);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Abort everything still running (app shutdown). */
  cancelAll(): void {
    for (const id of this.running.keys()) this.cancel(id);
  }

  private finish(entry: Running, state: TaskInfo['state'], error: RpcError | null, result: unknown): TaskInfo {
    if (entry.pending) clearTimeout(entry.pending);
    const info = entry.info;
    info.state = state;
    info.finishedAt = this.now().toISOString();
    info.cancellable = false;
    info.error = error ? error.toShape() : null;
    if (state === 'succeeded') {
      info.progress = 1;
      info.message = 'Done';
      info.result = result;
    } else if (state === 'cancelled') {
      info.message = 'Cancelled';
    } else {
      info.message = error?.message ?? 'Failed';
    }
    this.running.delete(info.id);
    this.finished.unshift({ ...info });
    this.finished.length = Math.min(this.finished.length, KEPT_FINISHED);
    this.persist(entry, true);
    this.emit(info);
    return { ...info };
  }

  private scheduleBroadcast(entry: Running): void {
    const since = Date.now() - entry.lastBroadcast;
    if (since >= BROADCAST_INTERVAL_MS) {
      entry.lastBroadcast = Date.now();
      this.emit(entry.info);
      this.persist(entry, false);
    } else if (!entry.pending) {
      entry.pending = setTimeout(() => {
        entry.pending = null;
        if (entry.info.state !== 'running') return;
        entry.lastBroadcast = Date.now();
        this.emit(entry.info);
        this.persist(entry, false);
      }, BROADCAST_INTERVAL_MS - since);
    }
  }

  private persist(entry: Running, force: boolean): void {
    if (!this.repository) return;
    if (!force && Date.now() - entry.lastPersist < PERSIST_INTERVAL_MS) return;
    entry.lastPersist = Date.now();
    try {
      this.repository.save(entry.info);
    } catch {
      // The task itself matters more than its history row; the store reports its own failure.
    }
  }

  private emit(info: TaskInfo): void {
    const snapshot = { ...info };
    for (const listener of this.listeners) {
      try {
        listener(snapshot);
      } catch {
        // One broken subscriber must not stop the others.
      }
    }
  }
}
