// Log of B2 API calls (not admin calls) so tests can assert how many calls a client made, with which method
// and version, and what it got back.

export interface LoggedRequest {
  /** B2 call name, e.g. b2_create_key, or the last path segment for unknown paths. */
  endpoint: string;
  /** 2, 3, 4, or null when the path had no valid version. */
  version: number | null;
  method: string;
  /** HTTP status sent; 0 when the connection was dropped by a fault. */
  status: number;
  /** Arrival time, ms since epoch. */
  time: number;
  /** B2 error code when the answer was a JSON error (extra field, handy in assertions). */
  code?: string;
  /** True when an injected fault shaped the answer (extra field). */
  fault?: boolean;
}

export class RequestLog {
  private entries: LoggedRequest[] = [];

  add(entry: LoggedRequest): void {
    this.entries.push(entry);
  }

  list(): LoggedRequest[] {
    return [...this.entries];
  }

  clear(): void {
    this.entries = [];
  }
}
