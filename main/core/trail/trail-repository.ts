// The operation trail table: append and page. There is deliberately no update or delete.
import type { Page } from '../../../shared/model/paging';
import type { TrailEntry } from '../../../shared/model/trail';
import type { Db } from '../store/database';
import { likeNeedle } from '../store/like-needle';

export type NewTrailEntry = Omit<TrailEntry, 'id'>;

export interface TrailQuery {
  offset: number;
  limit: number;
  sort?: { field: 'at' | 'operation' | 'actor' | 'outcome'; direction: 'asc' | 'desc' } | undefined;
  filter?: string | undefined;
  outcome?: TrailEntry['outcome'] | undefined;
}

const sortColumns = { at: 'id', operation: 'operation', actor: 'actor', outcome: 'outcome' } as const;

interface Row {
  id: number;
  at: string;
  actor: string;
  role: TrailEntry['role'];
  transport: string;
  operation: string;
  writes: string;
  input: string;
  outcome: TrailEntry['outcome'];
  error: string | null;
  task_id: string | null;
}

export class TrailRepository {
  private readonly insert;

  constructor(private readonly db: Db) {
    this.insert = db.prepare(
      `INSERT INTO operation_trail (at, actor, role, transport, operation, writes, input, outcome, error, task_id)
       VALUES (@at, @actor, @role, @transport, @operation, @writes, @input, @outcome, @error, @taskId)`,
    );
  }

  append(entry: NewTrailEntry): number {
    return Number(this.insert.run(entry).lastInsertRowid);
  }

  appendMany(entries: readonly NewTrailEntry[]): void {
    this.db.transaction(() => {
      for (const entry of entries) this.insert.run(entry);
    })();
  }

  list(query: TrailQuery): Page<TrailEntry> {
    const where: string[] = [];
    const params: Record<string, string> = {};
    if (query.outcome) {
      where.push('outcome = @outcome');
      params.outcome = query.outcome;
    }
    const needle = query.filter?.trim();
    if (needle) {
      where.push(`(operation LIKE @needle ESCAPE '\\' OR actor LIKE @needle ESCAPE '\\' OR input LIKE @needle ESCAPE '\\' OR error LIKE @needle ESCAPE '\\')`);
      params.needle = likeNeedle(needle);
    }
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const sort = query.sort ?? { field: 'at', direction: 'desc' };
    const direction = sort.direction === 'asc' ? 'ASC' : 'DESC';
    // id breaks ties so paging is stable.
    const orderSql = `ORDER BY ${sortColumns[sort.field]} ${direction}, id ${direction}`;
    const total = (this.db.prepare(`SELECT count(*) AS n FROM operation_trail ${whereSql}`).get(params) as { n: number }).n;
    const rows = this.db
      .prepare(`SELECT * FROM operation_trail ${whereSql} ${orderSql} LIMIT @limit OFFSET @offset`)
      .all({ ...params, limit: query.limit, offset: query.offset }) as Row[];
    return {
      total,
      rows: rows.map((r) => ({
        id: r.id,
        at: r.at,
        actor: r.actor,
        role: r.role,
        transport: r.transport,
        operation: r.operation,
        writes: r.writes,
        input: r.input,
        outcome: r.outcome,
        error: r.error,
        taskId: r.task_id,
      })),
    };
  }
}
