/**
 * Runs in every test worker before the test file. Properties run with a fresh random seed each
 * time; fc.assert prints the seed and path of a failure. To replay it, run that one test with
 * them: `FC_SEED=<seed> FC_PATH=<path> npx jest <file> -t '<test name>'`.
 */
const seed = process.env.FC_SEED;
if (seed !== undefined && seed !== '') {
  if (!/^-?\d+$/.test(seed)) throw new Error(`FC_SEED must be an integer, the seed fast-check printed (got "${seed}")`);
  // Loaded only to replay, so that test files without properties do not pay for fast-check.
  const fc = require('fast-check') as typeof import('fast-check');
  const path = process.env.FC_PATH;
  fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: Number(seed), ...(path ? { path, endOnFailure: true } : {}) });
}
