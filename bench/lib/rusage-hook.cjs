// Loaded with `node --require` into a measured child: writes the child's own resource usage
// (maxRSS in KiB, CPU times) to $HOSP_BENCH_RUSAGE_FILE as it exits, so peak memory is
// measured without /usr/bin/time.
const { writeFileSync } = require('node:fs');

const file = process.env.HOSP_BENCH_RUSAGE_FILE;
if (file) {
  process.once('exit', () => writeFileSync(file, JSON.stringify(process.resourceUsage())));
}
