// Task history in the store, so finished and interrupted tasks are still listed after a restart.
import type { TaskInfo } from '../../../shared/model/task';
import type { Db } from '../store/database';

interface Row {
  id: string;
  operation: string;
  title: string;
  subject: string | null;
  state: TaskInfo['state'];
  progress: number | null;
  message: string;
  started_at: string;
  finished_at: string | null;
  error: string | null;
  result: string | null;
}

function parseJson(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export class TaskRepository {
  private readonly upsert;

  constructor(private readonly db: Db) {
    this.upsert = db.prepare(
      `INSERT INTO tasks (id, operation, title, subject, state, progress, message, started_at, finished_at, error, result)
       VALUES (@id, @operation, @title, @subject, @state, @progress, @message, @startedAt, @finishedAt, @error, @result)
       ON CONFLICT(id) DO UPDATE SET state = excluded.state, progress = excluded.progress, message = excluded.message,
         finished_at = excluded.finished_at, error = excluded.error, result = excluded.result`,
    );
  }

  save(task: TaskInfo): void {
    this.upsert.run({
      ...task,
      error: task.error ? JSON.stringify(task.error) : null,
      result: task.result === undefined ? null : JSON.stringify(task.result),
    });
  }

  /** Tasks left running by a previous process can never finish: say so instead of showing them as running. */
  markInterrupted(now: string): number {
    return this.db
      .prepare(`UPDATE tasks SET state = 'interrupted', finished_at = ?, message = 'Vigil stopped while this task was running' WHERE state = 'running'`)
      .run(now).changes;
  }

  recent(limit: number): TaskInfo[] {
    const rows = this.db.prepare('SELECT * FROM tasks ORDER BY started_at DESC LIMIT ?').all(limit) as Row[];
    return rows.map((r) => ({
      id: r.id,
      operation: r.operation,
      title: r.title,
      subject: r.subject,
      state: r.state,
      progress: r.progress,
      message: r.message,
      startedAt: r.started_at,
      finishedAt: r.finished_at,
      error: (parseJson(r.error) as TaskInfo['error']) ?? null,
      result: parseJson(r.result),
      cancellable: false,
    }));
  }
}
