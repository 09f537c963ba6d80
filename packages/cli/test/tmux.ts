// A real terminal for the CLI's tests: a tmux session on a private socket, whose screen the test
// reads (capture-pane) and whose raw output it records (pipe-pane), and to which it can send
// keys such as Ctrl-C. tmux comes from Debian's packages; it is installed here when missing.

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Installs tmux with apt-get when it is not on PATH (CI machines start without it). */
export function ensureTmux(): void {
  if (spawnSync('tmux', ['-V']).status === 0) return;
  const apt = (args: string[]) =>
    execFileSync('apt-get', args, { stdio: 'pipe', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  try {
    apt(['update']);
    apt(['install', '-y', '--no-install-recommends', 'tmux']);
  } catch (error) {
    throw new Error(`tmux is missing and apt-get could not install it (${(error as Error).message}); install it: apt-get install tmux`);
  }
}

function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

export type TerminalSession = {
  /** The screen as it is now, one string per line. */
  screen(): string[];
  /** Everything the program wrote to the terminal, control sequences included. */
  raw(): string;
  /** Sends keys, such as `C-c`. */
  sendKeys(keys: string): void;
  /** Resolves once the screen contains `text` (polling every 50 ms), or rejects after `timeoutMs`. */
  waitFor(text: string | RegExp | ((screen: string) => boolean), timeoutMs?: number): Promise<string[]>;
  close(): void;
};

/**
 * Runs `argv` in a fresh 200x50 terminal with exactly `env`, then prints `EXIT:<code>`. The
 * program starts after recording has begun, so that no output is missed.
 */
export function runInTerminal(argv: readonly string[], env: Record<string, string>): TerminalSession {
  const dir = mkdtempSync(join(tmpdir(), 'milvus-rest-tmux-'));
  const socket = join(dir, 'socket');
  const rawFile = join(dir, 'raw.log');
  const ready = join(dir, 'ready');
  const tmux = (...args: string[]) => execFileSync('tmux', ['-S', socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
  const environment = Object.entries({ TERM: 'xterm-256color', ...env }).map(([name, value]) => `${name}=${shellQuote(value)}`);
  const program = `env -i ${environment.join(' ')} ${argv.map(shellQuote).join(' ')}`;
  const script = `while [ ! -e ${shellQuote(ready)} ]; do sleep 0.05; done; ${program}; echo EXIT:$?; sleep 600`;
  tmux('new-session', '-d', '-s', 'cli', '-x', '200', '-y', '50', `bash -c ${shellQuote(script)}`);
  tmux('pipe-pane', '-t', 'cli', '-o', `cat >> ${shellQuote(rawFile)}`);
  execFileSync('touch', [ready]);
  const screen = () => tmux('capture-pane', '-p', '-t', 'cli').split('\n');
  return {
    screen,
    raw: () => {
      try {
        return readFileSync(rawFile, 'utf8');
      } catch {
        return '';
      }
    },
    sendKeys: (keys) => {
      tmux('send-keys', '-t', 'cli', keys);
    },
    async waitFor(text, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const lines = screen();
        const joined = lines.join('\n');
        if (typeof text === 'string' ? joined.includes(text) : typeof text === 'function' ? text(joined) : text.test(joined)) return lines;
        if (Date.now() > deadline) throw new Error(`the terminal never showed ${String(text)}; it shows:\n${joined}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    close: () => {
      spawnSync('tmux', ['-S', socket, 'kill-server']);
    },
  };
}
