/**
 * The fields of one Application Load Balancer access-log entry that the analysis needs.
 * Times are in milliseconds; `null` stands for the `-1` ALB writes when it could not
 * measure a phase (no target answered, client sent a malformed request, …).
 */
export interface AlbLogEntry {
  /** Request or connection type: http, https, h2, grpcs, ws, wss. */
  readonly type: string;
  /** Time the load balancer answered the client, ISO 8601 UTC as logged. */
  readonly time: string;
  readonly requestProcessingMs: number | null;
  readonly targetProcessingMs: number | null;
  readonly responseProcessingMs: number | null;
  /** Status the client received; `null` when logged as `-`. */
  readonly elbStatus: number | null;
  /** Status the target sent; `null` when no target answered (`-`). */
  readonly targetStatus: number | null;
  /** The request line, unquoted: `METHOD scheme://host:port/uri HTTP/x`, or `- - -`. */
  readonly request: string;
}
