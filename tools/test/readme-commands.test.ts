// Every `pnpm <word>` in the README's shell blocks does what the README says when typed as written:
// the word is one of the root package.json's scripts, or a pnpm command the README means, and no
// root script is shadowed by a command of pnpm's own or one pnpm hands to npm. (A root script named
// `docs` was such a trap: `pnpm docs` opened npm's web page for the package instead of building the
// reference.)
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../lib/paths.ts';

/**
 * The commands pnpm passes to npm instead of running a script of that name (pnpm's CLI entry,
 * "commands that are passed through to npm"); `pnpm help` does not list them.
 */
const passedToNpm = [
  'access',
  'adduser',
  'bugs',
  'deprecate',
  'dist-tag',
  'docs',
  'edit',
  'info',
  'login',
  'logout',
  'owner',
  'ping',
  'prefix',
  'profile',
  'pkg',
  'repo',
  's',
  'se',
  'search',
  'set-script',
  'show',
  'star',
  'stars',
  'team',
  'token',
  'unpublish',
  'unstar',
  'v',
  'version',
  'view',
  'whoami',
  'xmas',
];
/** pnpm commands that run the script of that name. */
const runScripts = new Set(['start', 'test', 'run']);
/** pnpm commands the README uses for what they are. */
const pnpmCommandsMeant = new Set(['install', 'exec', 'run']);

/** pnpm's own commands and their aliases, as `pnpm help --all` lists them. */
function pnpmBuiltins(): Set<string> {
  const help = execFileSync('pnpm', ['help', '--all'], { encoding: 'utf8' });
  const names = new Set<string>();
  for (const match of help.matchAll(/^ {2,6}(?:([\w-]+), )?([\w-]+(?: [\w-]+)?) {2,}/gm)) {
    if (match[1]) names.add(match[1]);
    names.add((match[2] as string).split(' ')[0] as string);
  }
  return names;
}

/** Script names that `pnpm <name>` would not run. */
function shadowedScripts(scripts: string[], builtins: Set<string>): string[] {
  return scripts.filter((name) => !runScripts.has(name) && (builtins.has(name) || passedToNpm.includes(name)));
}

/** The word after each `pnpm` in the README's ```sh blocks (`pnpm install && pnpm start` gives both). */
function readmePnpmWords(readme: string): string[] {
  const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] as string);
  return blocks.flatMap((block) => [...block.matchAll(/(?:^|&&|;)\s*pnpm\s+([\w:-]+)/gm)].map((m) => m[1] as string));
}

const scripts = Object.keys(
  (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts,
);
const builtins = pnpmBuiltins();

describe('the commands the README shows', () => {
  it('reads pnpm’s own command list (so a shadowed script would be seen)', () => {
    expect([...builtins]).toEqual(expect.arrayContaining(['add', 'install', 'exec', 'pack', 'publish', 'i', 'ls']));
  });

  it('no root script is shadowed by a pnpm command or one pnpm hands to npm', () => {
    expect(shadowedScripts(scripts, builtins)).toEqual([]);
  });

  it('every `pnpm <word>` in the README is a root script or the pnpm command it means', () => {
    const words = readmePnpmWords(readFileSync(join(repoRoot, 'README.md'), 'utf8'));
    expect(words).toEqual(expect.arrayContaining(['install', 'start', 'test', 'reference', 'reference:serve']));
    expect(words.filter((word) => !scripts.includes(word) && !pnpmCommandsMeant.has(word))).toEqual([]);
  });

  it('would catch the old `docs` script and a README command with no script', () => {
    expect(shadowedScripts([...scripts, 'docs', 'pack'], builtins)).toEqual(['docs', 'pack']);
    const words = readmePnpmWords('```sh\npnpm install && pnpm docs   # build the reference\npnpm nosuchscript\n```\n');
    expect(words).toEqual(['install', 'docs', 'nosuchscript']);
    expect(words.filter((word) => !scripts.includes(word) && !pnpmCommandsMeant.has(word))).toEqual(['docs', 'nosuchscript']);
  });
});
