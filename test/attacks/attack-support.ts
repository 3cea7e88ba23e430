import * as http from 'node:http';
import * as net from 'node:net';
import { formatBasicCredentials } from '../../src/adapters/shared/basic-credentials';
import { PasswordHasher } from '../../src/application/staff/ports/password-hasher';
import { fastPasswordHasher } from '../support/fast-password-hasher';

/**
 * Helpers for the attack suite (test/attacks). Tests named `FINDING[...]` demonstrate a
 * promise that does not hold: they assert the vulnerable behaviour, so they pass while the
 * hole is open and fail once it is fixed (then turn them round into the promise they break).
 * Every other test asserts the promise and passes.
 */
export interface WireAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Milliseconds from sending to the end of the answer. */
  ms: number;
}

export interface WireRequest {
  method?: string;
  path: string;
  headers?: Record<string, string | string[]>;
  body?: string | Buffer;
  /** Source address (any of 127.0.0.0/8 is loopback): each stands for another machine. */
  from?: string;
}

/** One request over its own connection from `from`, answer fully read. */
export function wire(base: string, request: WireRequest): Promise<WireAnswer> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(base);
    // host/port/path options, not a URL string: the path goes out exactly as written (no dot-segment resolution).
    const req = http.request(
      { hostname, port, path: request.path, method: request.method ?? 'GET', agent: false, headers: request.headers ?? {}, ...(request.from && { localAddress: request.from }) },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(request.body);
  });
}

export const basic = (username: string, password: string): string => formatBasicCredentials({ username, password });

/** A real (cheap) scrypt hasher whose checks take `ms`, like production scrypt, and that counts its verifications. */
export function slowCountingHasher(ms: number): PasswordHasher & { verifications: () => number } {
  const fast = fastPasswordHasher();
  let verifications = 0;
  return {
    hash: (password) => fast.hash(password),
    verify: async (password, hash) => {
      verifications++;
      await new Promise((resolve) => setTimeout(resolve, ms));
      return fast.verify(password, hash);
    },
    verifications: () => verifications,
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Writes raw bytes to a server and collects what comes back until it closes (or `waitMs` of silence). */
export function rawExchange(port: number, bytes: string | Buffer, waitMs = 1_500): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let text = '';
    let timer: NodeJS.Timeout | undefined;
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(text);
    };
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(finish, waitMs);
    };
    socket.on('data', (chunk) => {
      text += chunk.toString('latin1');
      arm();
    });
    socket.on('close', finish);
    socket.on('error', finish);
    socket.write(bytes);
    arm();
  });
}

/** The status codes of every response in a raw HTTP/1.1 byte stream, in order. */
export const statusesIn = (text: string): number[] => [...text.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => Number(m[1]));
