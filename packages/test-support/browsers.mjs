// Debian's browsers for the tests: Chromium (the docs and client browser tests, the runtime
// matrix), Firefox ESR and WebKitGTK (the runtime matrix). Installed with apt-get when missing (a
// browser download from anywhere else fails on the project's machines), started headless. Plain
// JavaScript with no dependency, so that .ci/run can call it before `pnpm install`:
//
//   node packages/test-support/browsers.mjs            # installs what is missing, prints each browser
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const firefoxPath = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
/** WebKitGTK's MiniBrowser: a window around one WebKit view, run under xvfb-run (it has no headless mode). */
export const webkitPath = process.env.WEBKIT_MINIBROWSER_PATH ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
export const xvfbRunPath = '/usr/bin/xvfb-run';

/**
 * The flags every test starts Chromium with: headless as root, and none of the background
 * connections (updates, sync) that this machine's closed network refuses.
 */
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** A Chromium flag that lets nothing but 127.0.0.1 resolve: a page cannot reach another host. */
export const chromiumLoopbackOnly = '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1';

/** Each browser: the file that must exist, and the Debian packages that bring it. */
const browsers = {
  chromium: { path: () => chromiumPath, packages: ['chromium'] },
  firefox: { path: () => firefoxPath, packages: ['firefox-esr'] },
  // webkit2gtk-driver depends on libwebkit2gtk-4.1-0, which ships MiniBrowser; xvfb gives it a display.
  webkit: { path: () => (existsSync(xvfbRunPath) ? webkitPath : xvfbRunPath), packages: ['webkit2gtk-driver', 'xvfb', 'xauth'] },
};

/**
 * Installs the named browsers that are missing with one apt-get run (as root, on Debian), and
 * returns their paths. Throws, saying what to install, where it cannot.
 */
export function ensureBrowsers(names = Object.keys(browsers)) {
  const missing = names.filter((name) => !existsSync(browsers[name].path()));
  if (missing.length > 0) {
    const packages = missing.flatMap((name) => browsers[name].packages);
    const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
    if (!isRoot || !existsSync('/usr/bin/apt-get')) {
      throw new Error(
        `${missing.join(', ')} not installed. Install Debian's ${packages.join(' ')} (apt-get install ${packages.join(' ')}), ` +
          'or set CHROMIUM_PATH / FIREFOX_PATH / WEBKIT_MINIBROWSER_PATH.',
      );
    }
    console.log(`installing Debian's ${packages.join(', ')} for the browser tests (one time)...`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], { stdio: 'inherit', env });
    for (const name of missing) {
      if (!existsSync(browsers[name].path()))
        throw new Error(`apt-get installed ${packages.join(' ')}, but ${browsers[name].path()} does not exist`);
    }
  }
  return Object.fromEntries(names.map((name) => [name, browsers[name].path()]));
}

/** Makes sure Debian's Chromium is installed; returns its path. */
export function ensureChromium() {
  return ensureBrowsers(['chromium']).chromium;
}

/** The browsers' versions as they name themselves (`Chromium 156.0.…`, `Mozilla Firefox 153.8.0esr`, `WebKitGTK 2.50.6`). */
export function browserVersions() {
  const firstLine = (file, args) =>
    execFileSync(file, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .split('\n')[0]
      .trim();
  const webkit = firstLine('dpkg-query', ['-W', 'libwebkit2gtk-4.1-0'])
    // "libwebkit2gtk-4.1-0:amd64<TAB>2.50.6-1~deb12u2": the upstream version is what WebKitGTK calls itself.
    .split('\t')[1]
    .replace(/-.*$/, '');
  return {
    chromium: firstLine(chromiumPath, ['--version']).replace(/ built on .*$/, ''),
    firefox: firstLine(firefoxPath, ['--version']),
    webkit: `WebKitGTK ${webkit}`,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [name, path] of Object.entries(ensureBrowsers())) console.log(`${name}: ${path}`);
}
