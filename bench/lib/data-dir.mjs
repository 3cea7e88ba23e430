// Where benchmarks cache generated inputs: bench/.data (gitignored), or HOSP_BENCH_DATA.
import * as path from 'node:path';
import { root } from './hosp-dist.mjs';

export const dataDir = path.resolve(process.env.HOSP_BENCH_DATA ?? path.join(root, 'bench', '.data'));
