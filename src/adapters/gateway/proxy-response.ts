import { HttpResponse } from '../http/http-response';
import { returnableResponseHeaders } from './forwarded-headers';

/** An HttpResponse that also says how its body is encoded, as API Gateway's proxy format requires. */
export interface ProxyResponse extends HttpResponse {
  /** True when `body` is base64 (binary content); API Gateway decodes it before sending. */
  isBase64Encoded: boolean;
}

const TEXT_TYPES = /^(text\/|application\/([a-z0-9.+-]*\+)?(json|xml)\b|application\/(javascript|x-www-form-urlencoded)\b)/i;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Legacy's answer in API Gateway's proxy response format: status and headers as sent
 * (hop-by-hop ones dropped), and the body as text for textual content types that are valid
 * UTF-8, otherwise base64 with `isBase64Encoded`, so images and other binaries arrive intact.
 */
export function toProxyResponse(
  upstream: { status: number; headers: Readonly<Record<string, string | string[]>>; body: Buffer },
  extraHeaders: Record<string, string> = {},
): ProxyResponse {
  const headers = { ...returnableResponseHeaders(upstream.headers), ...extraHeaders };
  if (upstream.body.length === 0) return { statusCode: upstream.status, headers, body: '', isBase64Encoded: false };
  const text = TEXT_TYPES.test(headers['content-type'] ?? '') ? decodeUtf8(upstream.body) : undefined;
  return text === undefined
    ? { statusCode: upstream.status, headers, body: upstream.body.toString('base64'), isBase64Encoded: true }
    : { statusCode: upstream.status, headers, body: text, isBase64Encoded: false };
}

function decodeUtf8(bytes: Buffer): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}
