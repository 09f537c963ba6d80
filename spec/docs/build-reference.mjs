// `pnpm reference` (turbo, then the spec package's `docs` script): builds dist/reference.html, one self-contained page
// that loads nothing from another host and shows every int64 example with all its digits.
// Plain JavaScript so that the spec package needs no compiler.
//
// Steps: copy the spec with each int64 literal above 2^53 turned into a marked string, bundle the
// copy, stamp the versions it documents into info.description (docs only: the bundle that
// `pnpm generate` reads stays free of package versions), build the page with Redoc inlined, then
// post-process it (exact int64s, no remote image).
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
// `yaml` (with intAsBigInt) is the one YAML parser here that keeps int64 literals exact.
import YAML from 'yaml';
import { addPrivilegeNotes } from './privilege-note.mjs';

const specDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = join(specDir, '..');
const config = join(repoRoot, 'redocly.yaml');
const output = join(specDir, 'dist/reference.html');
const redocly = join(specDir, 'node_modules/.bin/redocly');
// Redocly CLI reports usage to its servers unless told not to, whoever runs this script.
const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', DO_NOT_TRACK: '1' };

/** Marks an int64 literal in the docs copy of the spec; the page writes it back as a bare number. */
const INT64_MARK = '__milvus_int64:';
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Redoc parses the spec into JavaScript numbers, so 449503829274509312 would be shown as
 * 449503829274509300: the very rounding this project exists to avoid. The docs copy carries such
 * values as marked strings, and the page's JSON.stringify (Redoc formats every example with it)
 * turns a marked string back into the bare number, digit for digit.
 */
const exactInt64Script = `
      const __stringify = JSON.stringify;
      JSON.stringify = function (...args) {
        const text = __stringify.apply(this, args);
        return typeof text === 'string' ? text.replace(/"${INT64_MARK}(-?\\d+)"/g, '$1') : text;
      };
`;

/**
 * The "API docs by Redocly" attribution is an <img> from cdn.redoc.ly, rendered whatever the
 * options say (Redoc 3.0). It becomes an inline SVG that says the same, so the page stays offline.
 */
const inlineAttribution = `data:image/svg+xml,${encodeURIComponent(
  "<svg xmlns='http://www.w3.org/2000/svg' width='64' height='16'><text x='0' y='12' font-family='system-ui,sans-serif' font-size='12' fill='#5c6370'>Redocly</text></svg>",
)}`;
const remoteImages = ['https://cdn.redoc.ly/redoc/logo-mini-full.svg', 'https://cdn.redoc.ly/redoc/logo-mini.svg'];

/** Markup that would make the browser fetch from another host as soon as the page loads. */
const remoteLoads = [
  /<script[^>]+src=["']?https?:/i,
  /<link[^>]+href=["']?https?:/i,
  /<img[^>]+src=["']?https?:/i,
  /@import\s+url\(\s*["']?https?:/i,
  /fonts\.(googleapis|gstatic)\.com/i,
  /cdn\.redoc\.ly\/redoc\/logo/i,
];

/** Runs redocly quietly (it prints a Node 20 banner on every run); its output is shown when it fails. */
function redoclyRun(args) {
  try {
    execFileSync(redocly, args, { cwd: specDir, env, encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    process.stderr.write(`${error.stdout ?? ''}${error.stderr ?? ''}`);
    throw new Error(`redocly ${args[0]} failed (exit ${error.status})`);
  }
}

function yamlFiles(dir) {
  return readdirSync(dir, { recursive: true })
    .map((name) => join(dir, String(name)))
    .filter((file) => file.endsWith('.yaml') && statSync(file).isFile());
}

/** Copies the spec into `dir`, with every integer literal beyond ±(2^53 − 1) as a marked string. */
function copySpecWithMarkedInt64s(dir) {
  for (const part of ['openapi.yaml', 'paths', 'components']) cpSync(join(specDir, part), join(dir, part), { recursive: true });
  for (const file of yamlFiles(dir)) {
    const doc = YAML.parseDocument(readFileSync(file, 'utf8'), { intAsBigInt: true });
    if (doc.errors.length > 0) continue; // left as it is: bundling reports the error
    let marked = false;
    YAML.visit(doc, {
      Scalar(_key, node) {
        if (typeof node.value === 'bigint' && (node.value > MAX_SAFE || node.value < -MAX_SAFE)) {
          node.value = `${INT64_MARK}${node.value}`;
          node.type = 'QUOTE_DOUBLE';
          marked = true;
        }
      },
    });
    if (marked) writeFileSync(file, doc.toString({ lineWidth: 0 }));
  }
}

/** The line the page shows so that a reader knows which client and spec versions it documents. */
function versionStamp(clientVersion, specVersion) {
  return `Documents @milvus-rest/client ${clientVersion} · spec ${specVersion}`;
}

/** Writes the marked int64s of the server-rendered markup back as numbers (the script keeps its strings). */
function unmarkRenderedInt64s(html) {
  const start = html.indexOf('const __redoc_definition = ');
  const end = html.indexOf('</script>', start);
  if (start < 0 || end < 0) throw new Error('the page has no `const __redoc_definition`: Redoc changed its template');
  const unmark = (part) =>
    part
      .replace(
        new RegExp(`<span class="token string">&quot;${INT64_MARK}(-?\\d+)&quot;</span>`, 'g'),
        '<span class="token number">$1</span>',
      )
      .replace(new RegExp(`(&quot;|")${INT64_MARK}(-?\\d+)(&quot;|")`, 'g'), '$2');
  const script = html
    .slice(start, end)
    .replace('const __redoc_definition = ', () => `${exactInt64Script}\n      const __redoc_definition = `);
  return unmark(html.slice(0, start)) + script + unmark(html.slice(end));
}

const work = mkdtempSync(join(tmpdir(), 'milvus-rest-docs-'));
try {
  copySpecWithMarkedInt64s(join(work, 'spec'));
  const bundled = join(work, 'openapi.json');
  redoclyRun(['bundle', join(work, 'spec/openapi.yaml'), '--config', config, '--output', bundled]);

  const spec = JSON.parse(readFileSync(bundled, 'utf8'));
  const client = JSON.parse(readFileSync(join(repoRoot, 'packages/client/package.json'), 'utf8'));
  const stamp = versionStamp(client.version, spec.info.version);
  spec.info.description = `*${stamp}*\n\n${spec.info.description ?? ''}`;
  addPrivilegeNotes(spec);
  writeFileSync(bundled, JSON.stringify(spec, null, 2));

  redoclyRun(['build-docs', bundled, '--config', config, '--inlineBundle', '--output', output]);

  let html = unmarkRenderedInt64s(readFileSync(output, 'utf8'));
  for (const url of remoteImages) html = html.replaceAll(url, inlineAttribution);
  if (!html.includes('"disableTelemetry":true')) {
    throw new Error(
      'the page would send Redoc telemetry: keep `telemetry: off` in redocly.yaml (the CLI derives the page setting from it).',
    );
  }
  const remote = remoteLoads.find((pattern) => pattern.test(html));
  if (remote) {
    throw new Error(
      `${relative(repoRoot, output)} would load something from another host (${remote}); extend spec/docs/build-reference.mjs to inline it.`,
    );
  }
  writeFileSync(output, html);
  const kib = Math.round(statSync(output).size / 1024);
  console.log(`built ${relative(repoRoot, output)} (${kib} KiB, self-contained): ${stamp}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
