// Types of browsers.mjs (plain JavaScript, so that .ci/run runs it before dependencies are installed).

export declare const chromiumPath: string;
export declare const firefoxPath: string;
/** WebKitGTK's MiniBrowser, run under xvfb-run. */
export declare const webkitPath: string;
export declare const xvfbRunPath: string;
/** The flags every test starts Chromium with: headless as root, no background connections. */
export declare const chromiumArgs: readonly string[];
/** A Chromium flag that lets nothing but 127.0.0.1 resolve. */
export declare const chromiumLoopbackOnly: string;
export type BrowserName = 'chromium' | 'firefox' | 'webkit';
/** Installs the named browsers that are missing (apt-get, as root); returns their paths. */
export declare function ensureBrowsers<N extends BrowserName>(names?: N[]): Record<N, string>;
/** Makes sure Debian's Chromium is installed; returns its path. */
export declare function ensureChromium(): string;
/** The browsers' versions as they name themselves. */
export declare function browserVersions(): Record<BrowserName, string>;
