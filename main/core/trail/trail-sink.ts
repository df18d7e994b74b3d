// The RpcServer's view of the trail: refuse writing operations when they cannot be recorded.
import { RpcError } from '../../../shared/contracts/errors';
import type { TrailSink } from '../rpc/rpc-server';
import type { StoreState } from '../store/store-state';
import { TrailRepository, type NewTrailEntry } from './trail-repository';

export class StoreTrailSink implements TrailSink {
  private repository: TrailRepository | null = null;

  constructor(private readonly store: StoreState) {}

  assertWritable(): void {
    try {
      this.repo();
    } catch (error) {
      const reason = RpcError.from(error).message;
      throw new RpcError('unavailable', `writing operations are refused because the operation trail cannot be recorded: ${reason}`);
    }
  }

  append(entry: NewTrailEntry): void {
    this.repo().append(entry);
  }

  repo(): TrailRepository {
    this.repository ??= new TrailRepository(this.store.db());
    return this.repository;
  }
}
