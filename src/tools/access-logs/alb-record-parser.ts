import type { AccessLogParser } from './access-log-parser';
import type { AccessRecord, RecordSink } from './access-record';
import type { AlbLogEntry } from './alb-log-entry';
import { ScannedAlbLine, scanAlbLogLine } from './parse-alb-log-line';
import { routeOfRequest } from './route-of-request';
import { isoToEpochMs } from './utc-time';

/**
 * A 5xx reached the client (elb_status_code 5xx): it is the target's (1) when the target's
 * own status was a 5xx the load balancer passed on; otherwise (no target answer `-`, or a
 * different status) the load balancer generated it (0: 502/503/504/…). -1: not a 5xx.
 */
export function albProducer(entry: Pick<AlbLogEntry, 'elbStatus' | 'targetStatus'>): -1 | 0 | 1 {
  const elb = entry.elbStatus;
  if (elb === null || elb < 500 || elb > 599) return -1;
  const target = entry.targetStatus;
  return target !== null && target >= 500 && target <= 599 ? 1 : 0;
}

type Timings = Pick<AlbLogEntry, 'requestProcessingMs' | 'targetProcessingMs' | 'responseProcessingMs'>;

/** Total time of an entry, leaving out phases logged as -1; null when none was measured. */
export function totalTimeMs(entry: Timings): number | null {
  const { requestProcessingMs: a, targetProcessingMs: b, responseProcessingMs: c } = entry;
  if (a === null && b === null && c === null) return null;
  return Math.round(((a ?? 0) + (b ?? 0) + (c ?? 0)) * 1000) / 1000;
}

/** ALB access-log lines (the documented space-separated format) as access records. */
export class AlbRecordParser implements AccessLogParser {
  readonly format = 'alb' as const;
  private readonly scanned = new ScannedAlbLine();
  private readonly timeText = (): string => this.scanned.time();

  parse(line: string, record: AccessRecord, sink: RecordSink): void {
    const scanned = this.scanned;
    const reason = scanAlbLogLine(line, scanned);
    if (reason !== null) {
      sink.malformed(reason);
      return;
    }
    const epochMs = isoToEpochMs(scanned.timeSource, scanned.timeStart, scanned.timeEnd);
    if (Number.isNaN(epochMs)) {
      sink.malformed(`bad time "${scanned.time()}"`);
      return;
    }
    record.epochMs = epochMs;
    record.status = scanned.elbStatus;
    record.producer = albProducer(scanned);
    record.totalMs = totalTimeMs(scanned);
    record.innerMs = scanned.targetProcessingMs;
    record.route = routeOfRequest(scanned.request());
    record.timeText = this.timeText;
    sink.record(record);
  }
}
