import type { Logger } from '@aws-lambda-powertools/logger';
import type { JsonLog } from './json-log';

type LevelMethod = 'debug' | 'info' | 'warn' | 'error';
const LEVELS: Readonly<Record<string, LevelMethod>> = { debug: 'debug', info: 'info', warn: 'warn', error: 'error' };

/**
 * hosp's structured log over Powertools Logger (Lambda): each entry's `level` picks the
 * method, so POWERTOOLS_LOG_LEVEL filters as operators expect; `msg` is the message; the
 * other fields go through as they are. An unknown level is logged as `info`, never dropped.
 * Use with `HospLogFormatter` to keep the local server's line shape.
 */
export function powertoolsJsonLog(logger: Logger): JsonLog {
  return (entry) => {
    const { level, msg, time: _time, ...fields } = entry;
    const method = (typeof level === 'string' && LEVELS[level]) || 'info';
    logger[method](typeof msg === 'string' ? msg : 'log', fields);
  };
}
