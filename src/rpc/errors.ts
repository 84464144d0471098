import type { ErrorCode, RpcErrorBody } from './protocol';

/** Thrown by handlers (and rethrown in pages by the typed client) with a stable code and a sentence for a person. */
export class RpcError extends Error {
  readonly code: ErrorCode;
  readonly b2: RpcErrorBody['b2'];
  readonly fields: RpcErrorBody['fields'];
  readonly keyChange: RpcErrorBody['keyChange'];
  readonly retryAfterSeconds: RpcErrorBody['retryAfterSeconds'];

  constructor(code: ErrorCode, message: string, extra: { b2?: RpcErrorBody['b2']; fields?: RpcErrorBody['fields']; keyChange?: RpcErrorBody['keyChange']; retryAfterSeconds?: RpcErrorBody['retryAfterSeconds'] } = {}) {
    super(message);
    this.name = 'RpcError';
    this.code = code;
    this.b2 = extra.b2;
    this.fields = extra.fields;
    this.keyChange = extra.keyChange;
    this.retryAfterSeconds = extra.retryAfterSeconds;
  }

  toBody(): RpcErrorBody {
    const body: RpcErrorBody = { code: this.code, message: this.message };
    if (this.b2) body.b2 = this.b2;
    if (this.fields) body.fields = this.fields;
    if (this.keyChange) body.keyChange = this.keyChange;
    if (this.retryAfterSeconds) body.retryAfterSeconds = this.retryAfterSeconds;
    return body;
  }

  static fromBody(body: RpcErrorBody): RpcError {
    return new RpcError(body.code, body.message, { b2: body.b2, fields: body.fields, keyChange: body.keyChange, retryAfterSeconds: body.retryAfterSeconds });
  }
}
