// `pnpm start`'s CLI demo: the built `milvus-rest` against a seeded emulator whose clock runs ten
// times faster, so that a refresh job (5 s emulated) is followed to its end in half a second.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '@milvus-rest/emulator';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const emulator = await startEmulator({ seed: true, clock: { speed: 10 } });

function milvusRest(...args: string[]): Promise<number> {
  console.log(`\n$ milvus-rest ${args.join(' ')}`);
  return new Promise((resolve, reject) => {
    // The demo's own terminal: on a TTY the progress bar is drawn in place.
    const child = spawn(process.execPath, [cli, ...args], { stdio: 'inherit', env: { ...process.env, MILVUS_ENDPOINT: emulator.url } });
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
}

try {
  const codes = [
    await milvusRest('jobs', 'list', 'ext_books'),
    await milvusRest('refresh', 'ext_books', '--wait', '--interval', '200'),
    await milvusRest('jobs', 'external-collection', 'describe', '--job-id', '449503829274509316', '--json'),
  ];
  if (codes.some((code) => code !== 0)) process.exitCode = 1;
} finally {
  await emulator.close();
}
