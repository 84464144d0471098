// B2 error bodies are always {status, code, message} with status equal to the HTTP status (b2-key-api.md §9).

export interface B2ErrorBody {
  status: number;
  code: string;
  message: string;
}

export class B2Error extends Error {
  readonly status: number;
  readonly code: string;
  /** Extra response headers (e.g. Allow on 405). */
  readonly headers: Record<string, string>;

  constructor(status: number, code: string, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.name = 'B2Error';
    this.status = status;
    this.code = code;
    this.headers = headers;
  }

  body(): B2ErrorBody {
    return { status: this.status, code: this.code, message: this.message };
  }
}

export const badRequest = (message: string): B2Error => new B2Error(400, 'bad_request', message);

/**
 * 401 unauthorized. Real B2 sends an empty message both for wrong credentials on authorize
 * (B2_Command_Line_Tool#313 curl output) and for a missing bucket filter (blazer PR #30), so '' is the default.
 */
export const unauthorized = (message = ''): B2Error => new B2Error(401, 'unauthorized', message);

/** Default B2 code for an HTTP status, used when a fault gives only a status. */
export function defaultCodeForStatus(status: number): string {
  switch (status) {
    case 400: return 'bad_request';
    case 401: return 'unauthorized';
    case 403: return 'access_denied';
    case 404: return 'not_found';
    case 405: return 'method_not_allowed';
    case 408: return 'request_timeout';
    case 429: return 'too_many_requests';
    case 503: return 'service_unavailable';
    default: return status >= 500 ? 'internal_error' : 'bad_request';
  }
}
