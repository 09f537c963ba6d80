// The checks every tarball passes before it may be published: publint (the package.json and the
// files it points at agree) and @arethetypeswrong/cli (the types resolve in every TypeScript
// module mode: node10, node16 from CJS and from ESM, bundler). Run on the packed tarball, so they
// judge exactly what users install.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { attwCli } from './dependency-paths.ts';

const execFileAsync = promisify(execFile);

/** Every publint message (errors, warnings and suggestions) about a tarball, as text. */
export async function publintProblems(tarball: string): Promise<string[]> {
  const bytes = readFileSync(tarball);
  const { messages, pkg } = await publint({
    pack: { tarball: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer },
    level: 'suggestion',
  });
  return messages.map((message) => `${message.type}: ${formatMessage(message, pkg, { color: false }) ?? message.code}`);
}

type AttwProblem = { kind: string; entrypoint?: string; resolutionKind?: string; resolutionOption?: string };

/** Every problem @arethetypeswrong/cli finds in a tarball (strict profile: all resolution modes). */
export async function attwProblems(tarball: string): Promise<string[]> {
  let stdout: string;
  try {
    ({ stdout } = await execFileAsync(process.execPath, [attwCli, tarball, '--format', 'json', '--profile', 'strict'], {
      maxBuffer: 64 * 1024 * 1024,
    }));
  } catch (error) {
    // attw exits 1 when it finds problems; its JSON report is still on stdout.
    stdout = (error as { stdout?: string }).stdout ?? '';
    if (!stdout.trim().startsWith('{')) throw error;
  }
  const report = JSON.parse(stdout) as { analysis: { problems?: AttwProblem[] } };
  return (report.analysis.problems ?? []).map(
    (p) => `${p.kind}${p.entrypoint ? ` at "${p.entrypoint}"` : ''}${p.resolutionKind ? ` (${p.resolutionKind})` : ''}`,
  );
}
