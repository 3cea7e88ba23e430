import { StaffCredentials } from '../../application/staff/staff-credentials';
import { decodeStrictUtf8 } from './strict-utf8';

/** RFC 7617 `Basic` credentials: UTF-8 `user-id:password`, split at the first colon. */
export type BasicCredentials = StaffCredentials;

/** Longer headers are refused before any decoding or hashing work. */
export const MAX_AUTHORIZATION_LENGTH = 4096;

const BASIC = /^basic +([A-Za-z0-9+/]+={0,2}) *$/i;

/** The credentials in an `Authorization` header, or null for anything that is not valid Basic. */
export function parseBasicCredentials(header: string | undefined | null): BasicCredentials | null {
  if (typeof header !== 'string' || header.length > MAX_AUTHORIZATION_LENGTH) return null;
  const match = BASIC.exec(header);
  if (!match?.[1]) return null;
  const encoded = match[1];
  const bytes = Buffer.from(encoded, 'base64');
  // Node's decoder skips junk silently; re-encoding proves the text was canonical base64.
  if (bytes.toString('base64').replace(/=+$/, '') !== encoded.replace(/=+$/, '')) return null;
  const decoded = decodeStrictUtf8(bytes);
  if (decoded === null) return null;
  const colon = decoded.indexOf(':');
  if (colon <= 0) return null;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** The `Authorization` header value for the given credentials. */
export const formatBasicCredentials = ({ username, password }: BasicCredentials): string =>
  `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
