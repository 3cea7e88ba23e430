import { ContainerModule } from 'inversify';
import { BoundedPasswordHasher } from '../../adapters/crypto/bounded-password-hasher';
import { ScryptPasswordHasher } from '../../adapters/crypto/scrypt-password-hasher';
import { InstrumentAwsClient } from '../../adapters/dynamodb/dynamo-client';
import { JsonLog } from '../../adapters/observability/json-log';
import { OperationalMetrics } from '../../adapters/observability/operational-metrics';
import { SystemClock } from '../../adapters/time/system-clock';
import { LoginThrottle } from '../../application/staff/login-throttle';
import { LoginAttempts } from '../../application/staff/ports/login-attempts';
import { PasswordHasher } from '../../application/staff/ports/password-hasher';
import { Clock } from '../../domain/ports/clock';
import { Config } from '../config/config';
import { TOKENS } from '../tokens';
import { Shutdown } from './shutdown';

/** What the running system reports through, bound as TOKENS.Log, TOKENS.Metrics and TOKENS.InstrumentAwsClient. */
export interface Observability {
  readonly log: JsonLog;
  readonly metrics: OperationalMetrics;
  readonly instrumentAwsClient: InstrumentAwsClient;
}

/**
 * What every store and entry point shares: the configuration, where logs, metrics and traces
 * go, how the system stops, time, password hashing (scrypt, OWASP, bounded per process) and
 * the lock-out rules over the store's LoginAttempts.
 */
export const coreModule = (config: Config, observability: Observability, shutdown: Shutdown): ContainerModule =>
  new ContainerModule(({ bind }) => {
    bind(TOKENS.Config).toConstantValue(config);
    bind<JsonLog>(TOKENS.Log).toConstantValue(observability.log);
    bind<OperationalMetrics>(TOKENS.Metrics).toConstantValue(observability.metrics);
    bind<InstrumentAwsClient>(TOKENS.InstrumentAwsClient).toConstantValue(observability.instrumentAwsClient);
    bind(TOKENS.Shutdown).toConstantValue(shutdown);
    bind<Clock>(TOKENS.Clock).toConstantValue(new SystemClock());
    bind<PasswordHasher>(TOKENS.PasswordHasher)
      .toResolvedValue(() => new BoundedPasswordHasher(new ScryptPasswordHasher()))
      .inSingletonScope();
    bind(TOKENS.LoginThrottle)
      .toResolvedValue((attempts: LoginAttempts, clock: Clock) => new LoginThrottle(attempts, clock), [TOKENS.LoginAttempts, TOKENS.Clock])
      .inSingletonScope();
  });
