// What `milvus-rest` exits with, and which error means which. Scripts branch on these numbers,
// so they are part of the CLI's interface (README "Command line").

export const ExitCode = {
  /** The command did what it was asked. */
  ok: 0,
  /** The server answered with an error, or a job ended failed. */
  failure: 1,
  /** The command line (or a config file) was wrong; nothing was sent. */
  usage: 2,
  /** The endpoint could not be reached, or a deadline passed. */
  unreachable: 3,
  /** Ctrl-C stopped the CLI (128 + SIGINT, as shells report it). */
  interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** A mistake on the command line that the CLI found before sending anything. */
export class UsageError extends Error {
  override name = 'UsageError';
}
