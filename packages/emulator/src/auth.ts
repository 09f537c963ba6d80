// The server's authentication, when authorization is on: HTTP Basic first, else a bearer token
// that is `user:password` or an API key. Anything else is HTTP 401, code 1800.

export type AuthResult = { ok: boolean /** The request carried Basic credentials (the 401 then names the realm). */; basic: boolean };

/** Checks an `Authorization` header against the accepted credentials (`user:password` or API keys). */
export function authenticate(header: string | undefined, accepted: readonly string[]): AuthResult {
  if (!header) return { ok: false, basic: false };
  const basic = /^Basic\s+(\S+)$/i.exec(header);
  if (basic) {
    const decoded = Buffer.from(basic[1] as string, 'base64').toString('utf8');
    return { ok: decoded.includes(':') && accepted.includes(decoded), basic: true };
  }
  // Go's strings.TrimPrefix: the prefix is exact, and a token without it is taken as it is.
  const token = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : header;
  return { ok: token !== '' && accepted.includes(token), basic: false };
}
