// The server's authentication, when authorization is on: HTTP Basic first, else a bearer token
// that is `user:password` (split at the first `:`) or an API key. Anything else is HTTP 401, code
// 1800. Passwords are checked against the users the emulator knows (those it was started with and
// those created through users/create), so a password change takes effect at once.

/** Who a request runs as, once authenticated. */
export type Principal = {
  user: string;
  /** `root`, or an API key: every privilege, as the server's root (with `rootShouldBindRole` off). */
  superuser: boolean;
};

export type AuthResult = {
  ok: boolean;
  /** The request carried Basic credentials (the 401 then names the realm). */
  basic: boolean;
  /** Set when `ok`. */
  principal?: Principal;
};

/** Where passwords are checked: the emulator's users (see state/rbac.ts). */
export type PasswordCheck = { verify(user: string, password: string): boolean };

const ROOT = 'root';

function byPassword(credential: string, users: PasswordCheck): Principal | undefined {
  const colon = credential.indexOf(':');
  if (colon <= 0) return undefined;
  const user = credential.slice(0, colon);
  return users.verify(user, credential.slice(colon + 1)) ? { user, superuser: user === ROOT } : undefined;
}

/**
 * Checks an `Authorization` header: `user:password` against `users`, anything else (an API key)
 * against the `accepted` credentials the emulator was started with. An API key acts as root.
 */
export function authenticate(header: string | undefined, accepted: readonly string[], users: PasswordCheck): AuthResult {
  if (!header) return { ok: false, basic: false };
  const basic = /^Basic\s+(\S+)$/i.exec(header);
  if (basic) {
    const principal = byPassword(Buffer.from(basic[1] as string, 'base64').toString('utf8'), users);
    return principal ? { ok: true, basic: true, principal } : { ok: false, basic: true };
  }
  // Go's strings.TrimPrefix: the prefix is exact, and a token without it is taken as it is.
  const token = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : header;
  if (token === '') return { ok: false, basic: false };
  const principal = token.includes(':') ? byPassword(token, users) : accepted.includes(token) ? { user: ROOT, superuser: true } : undefined;
  return principal ? { ok: true, basic: false, principal } : { ok: false, basic: false };
}
