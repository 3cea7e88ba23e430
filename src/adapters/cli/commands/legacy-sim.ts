import { Command, InvalidArgumentError, Option } from 'commander';
import { readableFile, tcpPort } from '../argument-parsers';
import { createLegacySimulator, DEFAULT_SIM_USERS } from '../../../tools/legacy-sim/legacy-simulator';
import { loadLegacyCsv } from '../../../tools/legacy-sim/load-legacy-csv';

const rate = (value: string): number => {
  const n = Number(value);
  if (!(n >= 0 && n <= 1)) throw new InvalidArgumentError('must be a number from 0 to 1');
  return n;
};

const whole = (value: string): number => {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError('must be a whole number');
  return n;
};

const account = (value: string, previous: Array<{ username: string; password: string }> = []) => {
  const colon = value.indexOf(':');
  if (colon <= 0 || colon === value.length - 1) throw new InvalidArgumentError('must be name:password');
  return [...previous, { username: value.slice(0, colon), password: value.slice(colon + 1) }];
};

interface LegacySimFlags {
  port: number;
  host: string;
  seed: number;
  failRate: number;
  commitThenFailRate: number;
  slowRate: number;
  slowMinMs: number;
  slowMaxMs: number;
  resetRate: number;
  data?: string;
  generate: number;
  user?: Array<{ username: string; password: string }>;
  publicUrl?: string;
  kindTransport: boolean;
  splitWritesMs: number;
}

/** `hosp legacy-sim`: runs the fault-injecting legacy HOSP simulator until interrupted. */
export function legacySimCommand(): Command {
  return new Command('legacy-sim')
    .description('Run a simulated legacy HOSP API with seeded faults (dev, test and benchmark tool)')
    .addOption(new Option('--port <port>', 'port to listen on (0 = any free port)').default(4000).argParser(tcpPort))
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--seed <n>', 'seed of the fault PRNG', whole, 1)
    .option('--fail-rate <0..1>', 'share of requests answered at once with 500/502/503/504', rate, 0)
    .option('--commit-then-fail-rate <0..1>', 'share of successful writes that commit, then answer 500', rate, 0)
    .option('--slow-rate <0..1>', 'share of requests delayed', rate, 0)
    .option('--slow-min-ms <ms>', 'shortest delay of a slow request', whole, 20)
    .option('--slow-max-ms <ms>', 'longest delay of a slow request', whole, 20_000)
    .option('--reset-rate <0..1>', 'share of requests whose connection is reset', rate, 0)
    .option('--data <csv>', 'start with the hospitals of a legacy CSV export (id,name,created_at,updated_at,url)', readableFile)
    .option('--generate <n>', 'add n synthetic hospitals', whole, 0)
    .option('--user <name:password>', 'Basic-auth account (repeatable; default legacy:legacy-password)', account)
    .option('--public-url <url>', 'base of the `url` field in records (default: the listening URL)')
    .option('--kind-transport', "read every request body before answering (legacy's own transport, the default, answers fast 5xx, 404 and 501 without reading it, and echoes TRACE)", false)
    .option('--split-writes-ms <ms>', 'send each response body this long after its headers (0 = one write)', whole, 0)
    .action(async (flags: LegacySimFlags) => {
      const users = flags.user ?? [...DEFAULT_SIM_USERS];
      const sim = await createLegacySimulator({
        port: flags.port,
        host: flags.host,
        seed: flags.seed,
        faults: {
          failRate: flags.failRate,
          commitThenFailRate: flags.commitThenFailRate,
          slowRate: flags.slowRate,
          slowMinMs: flags.slowMinMs,
          slowMaxMs: flags.slowMaxMs,
          resetRate: flags.resetRate,
        },
        users,
        hospitals: flags.data ? await loadLegacyCsv(flags.data) : [],
        generate: flags.generate,
        ...(flags.publicUrl && { publicUrl: flags.publicUrl }),
        roughTransport: !flags.kindTransport,
        splitWritesMs: flags.splitWritesMs,
      });
      process.stdout.write(
        `Legacy HOSP simulator listening on ${sim.url}\n` +
          `  accounts: ${users.map((u) => u.username).join(', ')}; counters at ${sim.url}/__sim/stats\n` +
          (!flags.kindTransport ? '  rough transport: unread bodies stay on the connection, TRACE is echoed\n' : '') +
          `  e.g. HOSP_LEGACY_URL=${sim.url} HOSP_LEGACY_AUTH=<name:password>\n`,
      );
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await sim.close();
    });
}
