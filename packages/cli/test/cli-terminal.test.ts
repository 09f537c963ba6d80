// The built CLI in a real terminal (tmux): the progress bar and the live table redraw in place,
// and Ctrl-C stops watching without touching the job. The same commands piped print plain lines.
// The emulator's clock is manual: a job moves only when the test advances it, once the terminal
// has shown the previous state, so every frame the test expects is one the CLI had to draw.

import { type Emulator, startEmulator } from '@milvus-rest/emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, cliEnv, cliPath, ESC, hasControlCharacters, runCli } from './run-cli.js';
import { ensureTmux, runInTerminal, type TerminalSession } from './tmux.js';

const SEED_MOVIES_JOB = '449503829274509317';

let emulator: Emulator;
let env: Record<string, string>;
let session: TerminalSession | undefined;

beforeAll(async () => {
  assertBuilt();
  ensureTmux();
  // A refresh job is pending for 500 ms and then runs 4 500 ms, on this clock.
  emulator = await startEmulator({ seed: true, clock: { mode: 'manual' } });
  env = cliEnv({ MILVUS_ENDPOINT: emulator.url });
});
afterEach(() => {
  session?.close();
  session = undefined;
});
afterAll(async () => {
  await emulator?.close();
});

/** The lines of the screen that show the progress bar of `jobId`. */
const barLines = (lines: string[], jobId: string) => lines.filter((line) => line.includes(`| job ${jobId}`));

describe('on a terminal', () => {
  it('redraws the progress bar in place until the refresh completes', async () => {
    session = runInTerminal([process.execPath, cliPath, 'refresh', 'ext_books', '--wait', '--interval', '100'], env);
    const first = await session.waitFor('| RefreshPending | job');
    const jobId = /following refresh job (\d{18})/.exec(first.join('\n'))?.[1] as string;
    expect(jobId).toMatch(/^\d{18}$/);
    const percentShown = (screen: string) => /(\d+)% \| RefreshInProgress/.exec(screen)?.[1];
    emulator.clock.advance(1_500);
    const early = percentShown((await session.waitFor((screen) => percentShown(screen) !== undefined)).join('\n'));
    emulator.clock.advance(2_000);
    await session.waitFor((screen) => percentShown(screen) !== undefined && percentShown(screen) !== early);
    emulator.clock.advance(5_000);
    const lines = await session.waitFor('EXIT:');
    // Four states were drawn, yet the screen holds one bar, showing the end.
    const bars = barLines(lines, jobId);
    expect(bars).toHaveLength(1);
    expect(bars[0]).toMatch(/100% \| RefreshCompleted \| job/);
    expect(lines.join('\n')).toContain('EXIT:0');
    const frames = new Set(session.raw().match(/\d+% \| Refresh\w+ \| job/g));
    expect(frames.size).toBeGreaterThanOrEqual(4);
    // Each frame returns to the start of the line (cursor to column 1) instead of starting a new one.
    expect(session.raw()).toMatch(new RegExp(`${ESC}\\[\\d*G`));
  });

  it('keeps a live table with jobs list --watch, redrawn in place', async () => {
    const started = await runCli(['refresh', 'ext_books', '--json'], { env });
    const { jobId } = JSON.parse(started.stdout) as { jobId: string };
    session = runInTerminal([process.execPath, cliPath, 'jobs', 'list', 'ext_books', '--watch', '--interval', '100'], env);
    await session.waitFor('1 running · refresh jobs');
    emulator.clock.advance(10_000);
    const lines = await session.waitFor('EXIT:');
    expect(lines.join('\n')).toContain('EXIT:0');
    // The table was drawn at least twice (1 running, then 0), over itself: one header, one footer.
    expect(lines.filter((line) => /│ jobId\s+│/.test(line))).toHaveLength(1);
    expect(lines.filter((line) => line.includes('running · refresh jobs'))).toEqual([expect.stringContaining('0 running')]);
    expect(lines.find((line) => line.includes(jobId))).toMatch(/RefreshCompleted/);
  });

  it('colours tables on a terminal, unless NO_COLOR is set', async () => {
    const colour = new RegExp(`${ESC}\\[[\\d;]*m`);
    session = runInTerminal([process.execPath, cliPath, 'jobs', 'list', 'ext_books'], env);
    await session.waitFor('EXIT:0');
    expect(session.raw()).toMatch(colour);
    session.close();

    session = runInTerminal([process.execPath, cliPath, 'jobs', 'list', 'ext_books'], { ...env, NO_COLOR: '1' });
    const lines = await session.waitFor('EXIT:0');
    expect(lines.join('\n')).toContain('449503829274509316');
    expect(session.raw()).not.toMatch(colour);
  });

  it('Ctrl-C stops watching, says the job goes on, and sends nothing but polls', async () => {
    const before = emulator.requests().length;
    session = runInTerminal([process.execPath, cliPath, 'jobs', 'wait', SEED_MOVIES_JOB, '--interval', '100'], env);
    await session.waitFor(`| job ${SEED_MOVIES_JOB}`);
    session.sendKeys('C-c');
    const lines = await session.waitFor('EXIT:');
    const text = lines.join('\n');
    expect(text).toContain(`Stopped watching. Job ${SEED_MOVIES_JOB} keeps running on the server: nothing was cancelled.`);
    expect(text).toContain('EXIT:130');
    const sent = emulator.requests().slice(before);
    expect(sent.length).toBeGreaterThan(0);
    expect(new Set(sent.map((request) => request.operationId))).toEqual(new Set(['getRefreshExternalCollectionProgress']));
    const after = await runCli(['jobs', 'external-collection', 'describe', '--job-id', SEED_MOVIES_JOB, '--json'], { env });
    expect(JSON.parse(after.stdout)).toMatchObject({ jobId: SEED_MOVIES_JOB, state: 'RefreshInProgress' });
  });
});

describe('piped', () => {
  it('prints one plain line per change, without control characters', async () => {
    // The clock moves while the CLI polls, 500 emulated ms every 50 real ones.
    const ticker = setInterval(() => emulator.clock.advance(500), 50);
    const result = await runCli(['refresh', 'ext_books', '--wait', '--interval', '100'], { env }).finally(() => clearInterval(ticker));
    expect(result.code).toBe(0);
    const progress = result.stderr.split('\n').filter((line) => /^job \d{18}: /.test(line));
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)).toMatch(/^job \d{18}: RefreshCompleted 100%$/);
    expect(hasControlCharacters(result.stdout + result.stderr)).toBe(false);
  });
});
