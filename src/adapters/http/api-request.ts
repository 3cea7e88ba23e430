import { randomUUID } from 'node:crypto';
import type { Request } from '@middy/core';
import type { Context } from 'aws-lambda';
import { Actor } from '../../domain/staff';
import { HttpRequest } from './http-request';
import { HttpResponse } from './http-response';
import { ResolvedRoute } from './router';

/** What the middlewares learn about one request, in the order they learn it. */
export interface ApiState {
  /** `performance.now()` when the first middleware saw the request. */
  startedAt: number;
  /** From the event, or Lambda's id when the event could not be read. */
  requestId: string;
  http?: HttpRequest;
  /** True once the origin check matched a configured secret: headers the CDN sets can be believed. */
  originVerified?: boolean;
  /** The caller's IP address as far as hosp can trust it (see `clientAddressOf`). */
  clientAddress?: string;
  route?: ResolvedRoute;
  /** The authenticated member of staff; absent on public routes. */
  actor?: Actor;
  /** The parsed JSON body; undefined when the request had none. */
  body?: unknown;
  /** The error contract's code, once it has answered with one (logs and metrics read it). */
  errorCode?: string;
}

/** A Middy request as hosp's HTTP middlewares see it. */
export type ApiRequest = Request<unknown, HttpResponse, Error, Context>;

// Kept on the invocation's context object, which Middy hands to middlewares and handler
// alike (the stack passes each call its own fresh copy), under a symbol no other code reads.
// A property rather than a WeakMap: a WeakMap entry per request is an ephemeron the
// garbage collector has to trace on every scavenge, a measurable cost under load.
const STATE = Symbol('hosp.apiState');

/** The state of the invocation with this Lambda context, created on first use. */
export function stateOf(context: Context): ApiState {
  const holder = context as Context & { [STATE]?: ApiState };
  let state = holder[STATE];
  if (!state) {
    state = {
      startedAt: performance.now(),
      requestId: typeof context.awsRequestId === 'string' && context.awsRequestId ? context.awsRequestId : randomUUID(),
    };
    holder[STATE] = state;
  }
  return state;
}

/** The request's state, created on first use. */
export const apiState = (request: ApiRequest): ApiState => stateOf(request.context);
