// Which error means which exit code (exit-codes.ts). Loaded only when a command fails, so that
// `--help` does not load the client.

import {
  MilvusApiError,
  MilvusConfigError,
  MilvusConnectionError,
  MilvusError,
  MilvusHttpError,
  MilvusInvalidArgumentError,
  MilvusJobFailedError,
  MilvusTimeoutError,
} from '@milvus-rest/client';
import { ExitCode, UsageError } from './exit-codes.js';

/** The exit code and the one-line message for an error that ended a command. */
export function describeFailure(error: unknown): { code: ExitCode; message: string } {
  if (error instanceof UsageError) return { code: ExitCode.usage, message: error.message };
  if (error instanceof MilvusConfigError || error instanceof MilvusInvalidArgumentError) {
    return { code: ExitCode.usage, message: error.message };
  }
  // The client's messages already carry the server's code and reason, or the job's reason.
  if (error instanceof MilvusApiError || error instanceof MilvusHttpError || error instanceof MilvusJobFailedError) {
    return { code: ExitCode.failure, message: error.message };
  }
  if (error instanceof MilvusConnectionError) {
    // fetch says only "fetch failed"; the system's reason (ECONNREFUSED, ENOTFOUND) is in the cause chain.
    let cause: unknown = error.cause;
    let reason: string | undefined;
    while (cause instanceof Error && reason === undefined) {
      reason = (cause as NodeJS.ErrnoException).code;
      cause = cause.cause;
    }
    return {
      code: ExitCode.unreachable,
      message: `${error.message}${reason && !error.message.includes(reason) ? ` (${reason})` : ''}; check --endpoint, MILVUS_ENDPOINT or the profile's endpoint`,
    };
  }
  if (error instanceof MilvusTimeoutError) return { code: ExitCode.unreachable, message: error.message };
  // Any other error of the client (such as a job answer that is not a job) is the server's doing.
  if (error instanceof MilvusError) return { code: ExitCode.failure, message: error.message };
  throw error;
}
