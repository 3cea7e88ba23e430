// One fresh process checking one password with hosp's scrypt hasher (dist), timed like the
// cold starts beside it, so "ready minus one scrypt check" compares like with like.
const { ScryptPasswordHasher } = require(process.env.HOSP_BENCH_HASHER);

const hasher = new ScryptPasswordHasher();
const started = performance.now();
hasher.verify(process.env.HOSP_BENCH_PASSWORD, process.env.HOSP_BENCH_HASH).then((ok) => {
  process.stdout.write(`\n@@cold-start@@${JSON.stringify({ scryptMs: performance.now() - started, ok })}`);
  process.exit(0);
});
