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
