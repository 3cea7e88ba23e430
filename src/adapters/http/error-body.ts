import { ErrorDetails } from '../../domain/errors';
import { HttpResponse, jsonResponse } from './http-response';

/** The body of every 4xx and 5xx response. */
export interface ErrorBody {
  error: { code: string; message: string; details?: ErrorDetails; requestId: string };
}

export interface ErrorAnswer {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  readonly details?: ErrorDetails;
  readonly requestId: string;
  readonly headers?: Record<string, string>;
}

/** A response in the error contract: `{"error": {code, message, details?, requestId}}`. */
export function errorResponse(answer: ErrorAnswer): HttpResponse {
  const { status, code, message, details, requestId, headers = {} } = answer;
  const body: ErrorBody = { error: { code, message, ...(details && { details }), requestId } };
  return jsonResponse(status, body, headers);
}
