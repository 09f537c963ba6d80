// Terminal facts every command needs, kept apart from the rendering in output.ts so that `--help`
// loads neither cli-table3 nor the client.

import { createColors } from 'picocolors';

/** A stream the CLI writes to, and whether it is a terminal. */
export type OutputStream = { write(text: string): unknown; isTTY?: boolean; columns?: number };

/** Colour only on a terminal, and never with `NO_COLOR` set (https://no-color.org) or `TERM=dumb`. */
export function useColor(stream: OutputStream, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}

export type Colors = ReturnType<typeof createColors>;
export const colors = (enabled: boolean): Colors => createColors(enabled);
