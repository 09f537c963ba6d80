// The runtime matrix: one consumer program (tools/runtimes/consumer/checks.mjs) runs the client as
// users install it (the packed tarballs, installed with npm, offline, into a project outside the
// workspace) against the packed emulator on 127.0.0.1, in every runtime the README names: Node 20,
// 22 and 24, Bun, Deno, workerd (through Miniflare), Vercel's edge-runtime, and Debian's Chromium,
// Firefox ESR and WebKitGTK. Runtimes come from the npm registry (tools/runtimes/ensure-runtimes.mjs)
// and Debian's packages (@milvus-rest/test-support/browsers), installed once and cached.
//
// A negative control, a plain fetch + JSON.parse client with the same method names, runs the same
// checks in Node and in Chromium, and must fail them: that shows the checks can fail.
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  browserVersions,
  chromiumArgs,
  chromiumLoopbackOnly,
  chromiumPath,
  ensureBrowsers,
  firefoxPath,
  webkitPath,
  xvfbRunPath,
} from '@milvus-rest/test-support/browsers';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installPackedPackages } from '../lib/pack.ts';
import { repoRoot } from '../lib/paths.ts';
import { ensureRuntimes, installedVersion, runtimePath } from '../runtimes/ensure-runtimes.mjs';

const runtimesDir = join(repoRoot, 'tools/runtimes');
/** A closed loopback port: any request a runtime or browser sends anywhere but the emulator and the page goes there and fails. */
const NOWHERE = 'http://127.0.0.1:9/';
/**
 * Firefox's own traffic (telemetry, updates, safe browsing, connectivity checks) goes through a
 * proxy on the closed port; only loopback is reached directly.
 */
const firefoxPrefs = [
  ['network.proxy.type', 1],
  ['network.proxy.http', '127.0.0.1'],
  ['network.proxy.http_port', 9],
  ['network.proxy.ssl', '127.0.0.1'],
  ['network.proxy.ssl_port', 9],
  ['network.proxy.no_proxies_on', '127.0.0.1'],
  ['network.proxy.allow_hijacking_localhost', false],
  ['network.captive-portal-service.enabled', false],
  ['network.connectivity-service.enabled', false],
  ['app.update.enabled', false],
  ['toolkit.telemetry.enabled', false],
  ['datareporting.policy.dataSubmissionEnabled', false],
  ['browser.safebrowsing.malware.enabled', false],
  ['browser.safebrowsing.phishing.enabled', false],
  ['browser.shell.checkDefaultBrowser', false],
] as const;
const FIRST_ID = '449503829274509312';
const CHECKS = ['int64', 'apiError', 'httpError', 'deadline', 'retry429', 'abort', 'hints'];

type CheckResult = { name: string; ok: boolean; detail: string };
type Lib = 'client' | 'plain-fetch';
type Emulator = {
  url: string;
  close(): Promise<void>;
  requests(): { operationId?: string; headers: Record<string, string> }[];
};
type EmulatorModule = { startEmulator(options: Record<string, unknown>): Promise<Emulator> };

let temp: string;
let app: string;
let emulatorModule: EmulatorModule;
let faultRules: unknown[];
/** The bundles for workerd, edge-runtime and browsers, by target and client. */
const bundles = new Map<string, string>();

/** Runs a command to its end; resolves with its stdout, rejects with its stderr. Killed after `timeoutMs`. */
function runCommand(command: string, args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: app,
      env: { PATH: process.env.PATH ?? '', HOME: temp, LANG: 'C.UTF-8', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(stdout);
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${stderr.slice(-2000)}\n${stdout.slice(-2000)}`));
    });
  });
}

/** The results line a runtime printed (runtimes may print notices before it). */
function parseResults(stdout: string): CheckResult[] {
  const line = stdout
    .trim()
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('['));
  if (!line) throw new Error(`the runtime printed no results:\n${stdout.slice(-2000)}`);
  return JSON.parse(line) as CheckResult[];
}

/** Serves the page and the bundle to a browser on one loopback origin and waits for the results it POSTs. */
async function runInBrowser(browser: 'chromium' | 'firefox' | 'webkit', endpoint: string, lib: Lib): Promise<CheckResult[]> {
  const script = bundles.get(`browser:${lib}`) as string;
  let deliver: (results: CheckResult[]) => void = () => {};
  const delivered = new Promise<CheckResult[]>((resolve) => (deliver = resolve));
  const server = createServer((req, res) => {
    if (req.method === 'POST' && req.url === '/results') {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        res.end();
        deliver(JSON.parse(body) as CheckResult[]);
      });
    } else if (req.url === '/consumer.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    } else {
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end('<!doctype html><title>checks</title><script type="module" src="/consumer.js"></script>');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const pageUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/?endpoint=${encodeURIComponent(endpoint)}`;
  const profile = mkdtempSync(join(temp, `${browser}-profile-`));
  if (browser === 'firefox') {
    writeFileSync(
      join(profile, 'user.js'),
      firefoxPrefs.map(([name, value]) => `user_pref(${JSON.stringify(name)}, ${JSON.stringify(value)});\n`).join(''),
    );
  }
  const commands: Record<typeof browser, [string, string[]]> = {
    // Nothing but loopback resolves.
    chromium: [chromiumPath, [...chromiumArgs, chromiumLoopbackOnly, `--user-data-dir=${profile}`, pageUrl]],
    firefox: [firefoxPath, ['--headless', '--no-remote', '--profile', profile, pageUrl]],
    // MiniBrowser has no headless mode: xvfb-run gives it a display of its own.
    webkit: [xvfbRunPath, ['--auto-servernum', webkitPath, pageUrl]],
  };
  const [command, args] = commands[browser];
  // Its own process group, so that the browser and every process it started end together.
  const child: ChildProcess = spawn(command, args, {
    detached: true,
    stdio: 'ignore',
    env: {
      PATH: process.env.PATH ?? '',
      HOME: profile,
      LANG: 'C.UTF-8',
      // WebKitGTK's sandbox (bubblewrap) does not start as root in a container.
      WEBKIT_DISABLE_SANDBOX_THIS_IS_DANGEROUS: '1',
      MOZ_DISABLE_CONTENT_SANDBOX: '1',
      // WebKitGTK (through GLib) takes its proxy from these: only loopback is reached directly.
      http_proxy: NOWHERE,
      https_proxy: NOWHERE,
      no_proxy: '127.0.0.1',
    },
  });
  let timer: NodeJS.Timeout | undefined;
  const exited = new Promise<never>((_, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`${browser} exited with ${code} before the page sent its results`)));
    timer = setTimeout(() => reject(new Error(`${browser}: no results within 60 s`)), 60_000);
  });
  try {
    return await Promise.race([delivered, exited]);
  } finally {
    clearTimeout(timer);
    try {
      process.kill(-(child.pid as number), 'SIGKILL');
    } catch {
      // already gone
    }
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
  }
}

type Runtime = { name: string; browser: boolean; run(endpoint: string, lib: Lib): Promise<CheckResult[]> };

function nodeLike(bin: () => string, pre: string[] = [], env: NodeJS.ProcessEnv = {}) {
  return async (endpoint: string, lib: Lib) =>
    parseResults(await runCommand(bin(), [...pre, 'consumer/node-entry.mjs', endpoint, lib], env));
}

function bundleFile(target: string, lib: Lib): string {
  const file = join(app, 'consumer', `${target}.${lib}.js`);
  writeFileSync(file, bundles.get(`${target}:${lib}`) as string);
  return file;
}

// Installed (the first run downloads, later runs find them cached) before the tests are named,
// since each test's name carries its runtime's version.
ensureRuntimes();
ensureBrowsers();
const browsers = browserVersions();
const workerdVersion = (
  JSON.parse(readFileSync(join(runtimePath('miniflare'), '../../../../workerd/package.json'), 'utf8')) as { version: string }
).version;

const runtimes: Runtime[] = [
  { name: `Node ${process.versions.node}`, browser: false, run: nodeLike(() => process.execPath) },
  { name: `Node ${installedVersion('node22')}`, browser: false, run: nodeLike(() => runtimePath('node22')) },
  { name: `Node ${installedVersion('node24')}`, browser: false, run: nodeLike(() => runtimePath('node24')) },
  {
    name: `Bun ${installedVersion('bun')}`,
    browser: false,
    // --no-install: packages come from the project's node_modules, never from a registry.
    run: nodeLike(() => runtimePath('bun'), ['--no-install'], { BUN_RUNTIME_TRANSPILER_CACHE_PATH: '0', BUN_CONFIG_REGISTRY: NOWHERE }),
  },
  {
    name: `Deno ${installedVersion('deno')}`,
    browser: false,
    run: nodeLike(() => runtimePath('deno'), ['run', '--no-lock', '--allow-net=127.0.0.1', '--allow-read', '--allow-env'], {
      DENO_NO_UPDATE_CHECK: '1',
      DENO_NO_PROMPT: '1',
      NPM_CONFIG_REGISTRY: NOWHERE,
    }),
  },
  {
    name: `workerd ${workerdVersion} (Miniflare ${installedVersion('miniflare')})`,
    browser: false,
    run: async (endpoint, lib) =>
      parseResults(
        await runCommand(runtimePath('node24'), [
          join(runtimesDir, 'miniflare-launcher.mjs'),
          runtimePath('miniflare'),
          bundleFile('worker', lib),
          endpoint,
        ]),
      ),
  },
  {
    name: `edge-runtime ${installedVersion('edgeRuntime')}`,
    browser: false,
    run: async (endpoint, lib) =>
      parseResults(
        await runCommand(process.execPath, [
          join(runtimesDir, 'edge-runtime-launcher.mjs'),
          runtimePath('edgeRuntime'),
          bundleFile('edge', lib),
          endpoint,
        ]),
      ),
  },
  { name: browsers.chromium, browser: true, run: (endpoint, lib) => runInBrowser('chromium', endpoint, lib) },
  { name: browsers.firefox, browser: true, run: (endpoint, lib) => runInBrowser('firefox', endpoint, lib) },
  { name: browsers.webkit, browser: true, run: (endpoint, lib) => runInBrowser('webkit', endpoint, lib) },
];
const [nodeRuntime, chromiumRuntime] = [runtimes[0] as Runtime, runtimes[7] as Runtime];

/**
 * Runs the checks in one runtime against a fresh emulator, and adds what only the emulator can
 * see: which headers the hints probe carried, and how often the 429'd read was sent.
 */
async function runMatrixEntry(runtime: Runtime, lib: Lib): Promise<CheckResult[]> {
  const emulator = await emulatorModule.startEmulator({ seed: true, firstId: FIRST_ID, faults: faultRules });
  try {
    const results = await runtime.run(emulator.url, lib);
    const requests = emulator.requests();
    const probes = requests.filter((r) => r.operationId === 'hasCollection');
    const listings = requests.filter((r) => r.operationId === 'listCollections');
    return results.map((result) => {
      if (result.name === 'hints' && result.ok) {
        // Browsers: the server's CORS policy refuses these headers, so they must never be sent.
        // Elsewhere: the deadline reaches the server as Request-Timeout.
        const sent = probes.flatMap((r) => ['request-timeout', 'accept-type-allow-int64'].filter((h) => r.headers[h] !== undefined));
        const ok =
          probes.length > 0 && (runtime.browser ? sent.length === 0 : probes.every((r) => r.headers['request-timeout'] !== undefined));
        return { ...result, ok, detail: `${result.detail}; the probe reached the emulator with ${sent.join(', ') || 'no hint header'}` };
      }
      if (result.name === 'retry429' && result.ok) {
        return { ...result, ok: listings.length === 2, detail: `${result.detail}; the emulator saw ${listings.length} listings` };
      }
      return result;
    });
  } finally {
    await emulator.close();
  }
}

function failedChecks(results: CheckResult[]): string[] {
  return results.filter((r) => !r.ok).map((r) => r.name);
}

beforeAll(async () => {
  ({ temp, app } = await installPackedPackages('milvus-rest-runtimes-'));
  cpSync(join(runtimesDir, 'consumer'), join(app, 'consumer'), { recursive: true });

  emulatorModule = (await import(pathToFileURL(join(app, 'node_modules/@milvus-rest/emulator/dist/index.js')).href)) as EmulatorModule;
  ({ faultRules } = (await import(pathToFileURL(join(app, 'consumer/checks.mjs')).href)) as { faultRules: unknown[] });

  // Bundled from the consumer project, so only the tarballs' files can end up in the bundles.
  const targets = {
    worker: { entry: 'consumer/worker.mjs', format: 'esm', platform: 'neutral', conditions: ['workerd', 'worker', 'browser'] },
    edge: { entry: 'consumer/bundle-entry.mjs', format: 'iife', platform: 'browser', conditions: ['edge-light', 'browser'] },
    browser: { entry: 'consumer/browser.mjs', format: 'esm', platform: 'browser', conditions: ['browser'] },
  } as const;
  const libs: Record<Lib, string> = { client: '@milvus-rest/client', 'plain-fetch': join(app, 'consumer/plain-fetch-client.mjs') };
  for (const [target, options] of Object.entries(targets)) {
    for (const [lib, module] of Object.entries(libs)) {
      const result = await build({
        absWorkingDir: app,
        entryPoints: [join(app, options.entry)],
        bundle: true,
        write: false,
        format: options.format,
        platform: options.platform,
        conditions: [...options.conditions],
        mainFields: ['module', 'main'],
        target: 'es2022',
        globalName: options.format === 'iife' ? 'MilvusConsumer' : undefined,
        alias: { 'milvus-rest-under-test': module },
        logLevel: 'silent',
      });
      bundles.set(`${target}:${lib}`, result.outputFiles[0]?.text ?? '');
    }
  }
}, 600_000);

afterAll(() => {
  if (temp) rmSync(temp, { recursive: true, force: true });
});

describe('the runtime matrix: the packed client against the packed emulator', () => {
  it.concurrent.each(runtimes.map((runtime) => [runtime.name, runtime] as const))(
    '%s',
    async (_name, runtime) => {
      const results = await runMatrixEntry(runtime, 'client');
      // Every check's detail, shown when one fails.
      const report = `${runtime.name}:\n${results.map((r) => `  ${r.ok ? 'ok  ' : 'FAIL'} ${r.name}: ${r.detail}`).join('\n')}`;
      expect(
        results.map((r) => r.name),
        report,
      ).toEqual(CHECKS);
      expect(failedChecks(results), report).toEqual([]);
    },
    120_000,
  );
});

describe('the negative control: a plain fetch + JSON.parse client fails the same checks', () => {
  it.concurrent(`in Node ${process.versions.node}: every check but the server hints, which it sends outside a browser too`, async () => {
    const results = await runMatrixEntry(nodeRuntime, 'plain-fetch');
    expect(results.map((r) => r.name)).toEqual(CHECKS);
    expect(failedChecks(results), JSON.stringify(results, null, 2)).toEqual([
      'int64',
      'apiError',
      'httpError',
      'deadline',
      'retry429',
      'abort',
    ]);
  }, 120_000);

  it.concurrent(`in ${chromiumRuntime.name}: every check, since its Request-Timeout header makes the CORS preflight fail`, async () => {
    const results = await runMatrixEntry(chromiumRuntime, 'plain-fetch');
    expect(results.map((r) => r.name)).toEqual(CHECKS);
    expect(failedChecks(results), JSON.stringify(results, null, 2)).toEqual(CHECKS);
  }, 120_000);
});
