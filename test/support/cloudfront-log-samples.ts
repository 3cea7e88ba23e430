/*
 * The example log file of the CloudFront developer guide ("Standard log file fields",
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logs-reference.html),
 * as published: the header, three hits of /index.html (the third ends with a stray tab),
 * and three 502s CloudFront produced because it could not resolve the origin.
 */

const T = '\t';
const UA = 'Mozilla/5.0%20(Windows%20NT%2010.0;%20Win64;%20x64)%20AppleWebKit/537.36%20(KHTML,%20like%20Gecko)%20Chrome/78.0.3904.108%20Safari/537.36';

export const DOC_CLOUDFRONT_VERSION = '#Version: 1.0';
export const DOC_CLOUDFRONT_FIELDS =
  '#Fields: date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status cs(Referer) cs(User-Agent) cs-uri-query cs(Cookie) x-edge-result-type x-edge-request-id x-host-header cs-protocol cs-bytes time-taken x-forwarded-for ssl-protocol ssl-cipher x-edge-response-result-type cs-protocol-version fle-status fle-encrypted-fields c-port time-to-first-byte x-edge-detailed-result-type sc-content-type sc-content-len sc-range-start sc-range-end';

export const DOC_CLOUDFRONT_LINES = [
  ['2019-12-04', '21:02:31', 'LAX1', '392', '192.0.2.100', 'GET', 'd111111abcdef8.cloudfront.net', '/index.html', '200', '-', UA, '-', '-', 'Hit', 'SOX4xwn4XV6Q4rgb7XiVGOHms_BGlTAC4KyHmureZmBNrjGdRLiNIQ==', 'd111111abcdef8.cloudfront.net', 'https', '23', '0.001', '-', 'TLSv1.2', 'ECDHE-RSA-AES128-GCM-SHA256', 'Hit', 'HTTP/2.0', '-', '-', '11040', '0.001', 'Hit', 'text/html', '78', '-', '-'].join(T),
  ['2019-12-04', '21:02:31', 'LAX1', '392', '192.0.2.100', 'GET', 'd111111abcdef8.cloudfront.net', '/index.html', '200', '-', UA, '-', '-', 'Hit', 'k6WGMNkEzR5BEM_SaF47gjtX9zBDO2m349OY2an0QPEaUum1ZOLrow==', 'd111111abcdef8.cloudfront.net', 'https', '23', '0.000', '-', 'TLSv1.2', 'ECDHE-RSA-AES128-GCM-SHA256', 'Hit', 'HTTP/2.0', '-', '-', '11040', '0.000', 'Hit', 'text/html', '78', '-', '-'].join(T),
  `${['2019-12-04', '21:02:31', 'LAX1', '392', '192.0.2.100', 'GET', 'd111111abcdef8.cloudfront.net', '/index.html', '200', '-', UA, '-', '-', 'Hit', 'f37nTMVvnKvV2ZSvEsivup_c2kZ7VXzYdjC-GUQZ5qNs-89BlWazbw==', 'd111111abcdef8.cloudfront.net', 'https', '23', '0.001', '-', 'TLSv1.2', 'ECDHE-RSA-AES128-GCM-SHA256', 'Hit', 'HTTP/2.0', '-', '-', '11040', '0.001', 'Hit', 'text/html', '78', '-', '-'].join(T)}${T}`,
  ['2019-12-13', '22:36:27', 'SEA19-C1', '900', '192.0.2.200', 'GET', 'd111111abcdef8.cloudfront.net', '/favicon.ico', '502', 'http://www.example.com/', UA, '-', '-', 'Error', '1pkpNfBQ39sYMnjjUQjmH2w1wdJnbHYTbag21o_3OfcQgPzdL2RSSQ==', 'www.example.com', 'http', '675', '0.102', '-', '-', '-', 'Error', 'HTTP/1.1', '-', '-', '25260', '0.102', 'OriginDnsError', 'text/html', '507', '-', '-'].join(T),
  ['2019-12-13', '22:36:26', 'SEA19-C1', '900', '192.0.2.200', 'GET', 'd111111abcdef8.cloudfront.net', '/', '502', '-', UA, '-', '-', 'Error', '3AqrZGCnF_g0-5KOvfA7c9XLcf4YGvMFSeFdIetR1N_2y8jSis8Zxg==', 'www.example.com', 'http', '735', '0.107', '-', '-', '-', 'Error', 'HTTP/1.1', '-', '-', '3802', '0.107', 'OriginDnsError', 'text/html', '507', '-', '-'].join(T),
  ['2019-12-13', '22:37:02', 'SEA19-C2', '900', '192.0.2.200', 'GET', 'd111111abcdef8.cloudfront.net', '/', '502', '-', 'curl/7.55.1', '-', '-', 'Error', 'kBkDzGnceVtWHqSCqBUqtA_cEs2T3tFUBbnBNkB9El_uVRhHgcZfcw==', 'www.example.com', 'http', '387', '0.103', '-', '-', '-', 'Error', 'HTTP/1.1', '-', '-', '12644', '0.103', 'OriginDnsError', 'text/html', '507', '-', '-'].join(T),
] as const;

/** The whole documented example file. */
export const DOC_CLOUDFRONT_FILE = [DOC_CLOUDFRONT_VERSION, DOC_CLOUDFRONT_FIELDS, ...DOC_CLOUDFRONT_LINES].join('\n');
