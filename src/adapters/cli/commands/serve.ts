import { Command } from 'commander';
import { RegisterStaff } from '../../../application/staff/register-staff';
import { StaffDirectory } from '../../../domain/ports/staff-directory';
import { LocalServer, ProxyHandler, startLocalServer } from '../../http/local-server';
import { bootstrapAdmin } from '../bootstrap-admin';
import { processIo, TerminalIo } from '../terminal-io';

/** What `serve` needs from a started hosp; built in src/infra from the configuration. */
export interface ServeRuntime {
  /**
   * The API or the gateway, for a server listening on `listeningUrl`: unless a public base
   * URL is configured, the URLs it writes (records' `url`, `Location`, OpenAPI `servers`)
   * start with that, so HOSP_PORT=0 gives the real port.
   */
  handlerFor(listeningUrl: string): ProxyHandler;
  /** What is served, for the banner: mode, store, data directory, legacy, routes. */
  describe(listeningUrl: string): string[];
  readonly port: number;
  readonly staff: Pick<StaffDirectory, 'isEmpty'>;
  readonly registerStaff: Pick<RegisterStaff, 'execute'>;
  /** Stops the store (e.g. DynamoDB Local). */
  close(): Promise<void>;
}

export interface ServeDependencies {
  open(): Promise<ServeRuntime>;
  io?: TerminalIo;
  /** Where SIGINT/SIGTERM come from; tests pass an emitter. */
  signals?: Pick<NodeJS.Process, 'once' | 'off'>;
}

/** A running `serve`: the server, and a promise that settles once shutdown has finished. */
export interface Serving {
  readonly server: LocalServer;
  readonly stopped: Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the store and the server, then creates the first admin if there is no staff at all
 * (printing its password once) — only once the server listens, so a start that fails (port in
 * use) never creates an admin whose password nobody saw. Serves the API on 127.0.0.1 until
 * SIGINT/SIGTERM: stop accepting, finish in-flight requests, close the store. Everything for
 * people (banner, password) goes to stderr; stdout carries only the JSON request log.
 */
export async function serve(deps: ServeDependencies): Promise<Serving> {
  const io = deps.io ?? processIo;
  const signals = deps.signals ?? process;
  const runtime = await deps.open();
  let server: LocalServer;
  let handler: ProxyHandler | undefined;
  try {
    // The handler needs the address, known once listening; it is set in the same turn, before
    // any connection can be read, so no request meets the server without it.
    server = await startLocalServer({ handler: (event, context) => handler!(event, context), port: runtime.port });
    handler = runtime.handlerFor(server.url);
  } catch (error) {
    await runtime.close();
    throw error;
  }
  try {
    const admin = await bootstrapAdmin(runtime.staff, runtime.registerStaff);
    if (admin) {
      io.err(
        [
          '',
          'First start: created the staff account "admin". Its password is shown only this once:',
          '',
          `    username: ${admin.username}`,
          `    password: ${admin.password}`,
          '',
          `Try it:  curl -u 'admin:${admin.password}' ${server.url}/hospitals`,
          'Add staff with `hosp staff add <username>`; change this password with `hosp staff passwd admin`.',
          '',
          '',
        ].join('\n'),
      );
    }
  } catch (error) {
    await server.close();
    await runtime.close();
    throw error;
  }
  io.err(`${runtime.describe(server.url).join('\n')}\nhosp is serving on ${server.url} (Ctrl+C to stop)\n`);

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      signals.off('SIGINT', onSignal);
      signals.off('SIGTERM', onSignal);
      io.err('hosp: shutting down, finishing requests in flight...\n');
      try {
        await server.close();
      } finally {
        await runtime.close();
      }
      io.err('hosp: stopped.\n');
    })());
  let settle!: () => void;
  const stopped = new Promise<void>((resolve) => (settle = resolve));
  const onSignal = (): void => {
    stop()
      .catch((error: unknown) => {
        io.err(`hosp: shutdown failed: ${(error as Error)?.message}\n`);
        process.exitCode = 1;
      })
      .finally(settle);
  };
  signals.once('SIGINT', onSignal);
  signals.once('SIGTERM', onSignal);
  return { server, stopped, stop: () => stop().finally(settle) };
}

/** `hosp serve`: what `npm start` runs. Configuration comes from the environment (docs/http-api.md). */
export function serveCommand(deps: ServeDependencies): Command {
  return new Command('serve')
    .description('Serve the hospitals API on 127.0.0.1:$HOSP_PORT (default 3000), or the strangler-fig gateway in front of legacy when HOSP_LEGACY_URL is set (docs/gateway.md)')
    .action(async () => {
      const serving = await serve(deps);
      await serving.stopped;
    });
}
