import { describe, expect, it } from 'vitest';
import { RpcError } from '../../shared/contracts/errors';
import { toRpcError, unwrapResult } from './rpc-result';

describe('unwrapResult', () => {
  it('returns the value of an ok envelope, even a falsy one', () => {
    expect(unwrapResult({ ok: true, value: { a: 1 } }, 'op')).toEqual({ a: 1 });
    expect(unwrapResult({ ok: true, value: 0 }, 'op')).toBe(0);
    expect(unwrapResult({ ok: true, value: null }, 'op')).toBeNull();
  });

  it('throws an RpcError with the envelope code, message and details', () => {
    try {
      unwrapResult({ ok: false, error: { code: 'not_found', message: 'no image abc', details: { id: 'abc' } } }, 'op');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(RpcError);
      expect(error).toMatchObject({ code: 'not_found', message: 'no image abc', details: { id: 'abc' } });
    }
  });

  it('refuses replies that are not envelopes', () => {
    expect(() => unwrapResult('hello', 'system.status')).toThrow(/system.status: .*not an RpcResult/);
    expect(() => unwrapResult({ value: 1 }, 'op')).toThrow(RpcError);
  });

  it('treats an error envelope with an unknown code as internal but keeps the message', () => {
    expect(() => unwrapResult({ ok: false, error: { code: 'weird', message: 'boom' } }, 'op')).toThrow('boom');
  });
});

describe('toRpcError', () => {
  it('keeps RpcErrors and converts shapes, Errors and strings', () => {
    const original = new RpcError('conflict', 'taken');
    expect(toRpcError(original)).toBe(original);
    expect(toRpcError({ code: 'cancelled', message: 'stopped' })).toMatchObject({ code: 'cancelled', message: 'stopped' });
    expect(toRpcError(new Error('ipc broke'))).toMatchObject({ code: 'internal', message: 'ipc broke' });
    expect(toRpcError('text')).toMatchObject({ code: 'internal', message: 'text' });
  });
});
