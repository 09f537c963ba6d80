// Keeps credentials out of anything the client shows: error messages, excerpts, logs.

const BEARER = /(Bearer|Basic)\s+[^\s"',;]+/gi;

/** Removes the given secrets and anything that looks like an Authorization value from `text`. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text.replace(BEARER, '$1 [redacted]');
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  }
  return out;
}

function mentionsSecret(error: unknown, secrets: readonly string[], depth = 0): boolean {
  if (depth > 4 || !error || typeof error !== 'object') return false;
  const { message, stack, cause } = error as { message?: unknown; stack?: unknown; cause?: unknown };
  const text = `${typeof message === 'string' ? message : ''}\n${typeof stack === 'string' ? stack : ''}`;
  return secrets.some((secret) => secret.length >= 4 && text.includes(secret)) || mentionsSecret(cause, secrets, depth + 1);
}

/**
 * The error itself when it mentions no secret; otherwise a plain copy (name, code, message and
 * cause chain) with the secrets removed, so that `error.cause` can be shown safely.
 */
export function redactError(error: unknown, secrets: readonly string[], depth = 0): unknown {
  if (!mentionsSecret(error, secrets) || !error || typeof error !== 'object' || depth > 4) return error;
  const original = error as { name?: unknown; message?: unknown; code?: unknown; cause?: unknown };
  const copy = new Error(redact(String(original.message ?? ''), secrets), {
    cause: original.cause === undefined ? undefined : redactError(original.cause, secrets, depth + 1),
  });
  copy.name = typeof original.name === 'string' ? original.name : 'Error';
  copy.stack = `${copy.name}: ${copy.message}`;
  if (original.code !== undefined) Object.assign(copy, { code: original.code });
  return copy;
}
