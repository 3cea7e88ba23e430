import { CloudFrontRecordParser } from '../../../src/tools/access-logs/cloudfront-record-parser';
import { parseLines } from '../../support/access-record-sink';
import { DOC_CLOUDFRONT_FIELDS, DOC_CLOUDFRONT_FILE, DOC_CLOUDFRONT_LINES, DOC_CLOUDFRONT_VERSION } from '../../support/cloudfront-log-samples';

const parse = (lines: readonly string[]) => parseLines(new CloudFrontRecordParser(), lines);

describe('CloudFrontRecordParser on the AWS documentation example', () => {
  const { records, malformed } = parse(DOC_CLOUDFRONT_FILE.split('\n'));

  it('reads all six entries, skipping the #Version and #Fields lines, and rejects none', () => {
    expect(malformed).toEqual([]);
    expect(records).toHaveLength(6);
  });

  it('reads date and time (UTC), status, time-taken and time-to-first-byte', () => {
    expect(records[0]).toMatchObject({
      epochMs: Date.parse('2019-12-04T21:02:31Z'),
      time: '2019-12-04T21:02:31Z',
      status: 200,
      producer: -1,
      totalMs: 1,
      innerMs: 1,
      route: 'GET /index.html',
    });
    expect(records[1]).toMatchObject({ totalMs: 0, innerMs: 0 });
  });

  it('ignores the stray trailing tab the third documented line ends with', () => {
    expect(records[2]).toMatchObject({ status: 200, totalMs: 1, route: 'GET /index.html' });
  });

  it('counts the documented 502s (OriginDnsError) as produced by the edge, not the origin', () => {
    expect(records.slice(3).map((r) => [r.status, r.producer, r.totalMs, r.route])).toEqual([
      [502, 0, 102, 'GET /favicon.ico'],
      [502, 0, 107, 'GET /'],
      [502, 0, 103, 'GET /'],
    ]);
  });
});

describe('CloudFrontRecordParser and the #Fields header', () => {
  const [hit] = DOC_CLOUDFRONT_LINES;

  it('keeps reading when CloudFront appends fields, even without listing them', () => {
    const { records, malformed } = parse([DOC_CLOUDFRONT_FIELDS, `${hit}\tnew-field\tanother`]);
    expect(malformed).toEqual([]);
    expect(records[0]).toMatchObject({ status: 200, totalMs: 1 });
  });

  it('follows a #Fields line that lists the fields in another order, or only some', () => {
    const fields = '#Fields: sc-status cs-uri-stem time-taken date cs-method time x-edge-detailed-result-type';
    const { records, malformed } = parse([DOC_CLOUDFRONT_VERSION, fields, ['503', '/hospitals/12', '2.500', '2024-03-01', 'GET', '10:00:00', 'Error'].join('\t')]);
    expect(malformed).toEqual([]);
    expect(records[0]).toMatchObject({ status: 503, producer: 1, totalMs: 2500, innerMs: null, route: 'GET /hospitals/{id}', time: '2024-03-01T10:00:00Z' });
  });

  it('reads a file without a header in the documented field order', () => {
    expect(parse([hit]).records[0]).toMatchObject({ status: 200, route: 'GET /index.html' });
  });

  it('rejects every line under a #Fields header that lacks a field the analysis needs', () => {
    const { records, malformed } = parse(['#Fields: date time cs-method', hit]);
    expect(records).toEqual([]);
    expect(malformed).toEqual(['#Fields lacks cs-uri-stem, sc-status, time-taken']);
  });

  it.each([
    ['too few fields', hit.split('\t').slice(0, 6).join('\t'), /^expected at least 19 tab-separated fields, found 6$/],
    ['a bad date', hit.replace('2019-12-04', '2019-13-04'), /^bad date or time/],
    ['a bad status', hit.replace('\t200\t', '\t2xx\t'), /^bad sc-status "2xx"/],
    ['a bad time-taken', hit.replace('\t0.001\t-\t', '\tfast\t-\t'), /^bad time-taken "fast"/],
  ])('rejects a line with %s', (_, line, reason) => {
    const { records, malformed } = parse([line]);
    expect(records).toEqual([]);
    expect(malformed).toEqual([expect.stringMatching(reason)]);
  });

  it('counts a 5xx the origin sent (result type Error) as the origin\'s, and 000 (viewer gone) as no 5xx', () => {
    const cells = hit.split('\t');
    const line = (status: string, detailed: string): string => {
      const copy = [...cells];
      copy[8] = status;
      copy[13] = 'Error';
      copy[28] = detailed;
      return copy.join('\t');
    };
    const { records } = parse([line('503', 'Error'), line('504', 'OriginCommError'), line('503', 'CapacityExceeded'), line('000', 'ClientHungUpRequest')]);
    expect(records.map((r) => [r.status, r.producer])).toEqual([
      [503, 1],
      [504, 0],
      [503, 0],
      [0, -1],
    ]);
  });
});
