// The RpcError a promise rejects with; fails the test when it resolves or rejects with anything else.
import { expect } from 'vitest';
import { RpcError } from '../../shared/contracts/errors';

export async function failure(promise: Promise<unknown>): Promise<RpcError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(RpcError);
    return error as RpcError;
  }
  throw new Error('expected a failure');
}
