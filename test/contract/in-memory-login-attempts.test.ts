import { InMemoryLoginAttempts } from '../../src/adapters/memory/in-memory-login-attempts';
import { describeLoginAttemptsContract } from './login-attempts.contract';

describeLoginAttemptsContract('memory', async () => {
  const attempts = new InMemoryLoginAttempts();
  return {
    attempts,
    storedText: async () => JSON.stringify([...(attempts as unknown as { entries: Map<string, unknown> }).entries]),
  };
}, { shared: false });
