// Types of ensure-runtimes.mjs (plain JavaScript, so that .ci/run runs it before dependencies are installed).

export type RuntimeName = 'node22' | 'node24' | 'bun' | 'deno' | 'miniflare' | 'edgeRuntime';
/** Where the runtimes are kept between runs. */
export declare const runtimesCacheDir: string;
/** Every runtime the matrix installs: its npm package, exact version and the file that is the runtime. */
export declare const npmRuntimes: Record<RuntimeName, { package: string; version: string; file: string }>;
/** The folder one runtime is installed in. */
export declare function runtimeDir(name: RuntimeName): string;
/** The absolute path of a runtime's binary or entry file. */
export declare function runtimePath(name: RuntimeName): string;
/** Installs one runtime unless it is already there; returns its path. */
export declare function ensureRuntime(name: RuntimeName): string;
/** Installs every runtime that is missing; returns name → path. */
export declare function ensureRuntimes(names?: RuntimeName[]): Record<RuntimeName, string>;
/** The version a runtime package reports in its package.json. */
export declare function installedVersion(name: RuntimeName): string;
