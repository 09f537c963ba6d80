// The `milvus-rest` command tree: one command per operation of the spec (from the generated
// table), the job commands (`refresh`, `jobs list`, `jobs wait`), `call`, `config` and
// `completion`. Argument parsing and help are commander's; exit codes are ours (exit-codes.ts).
//
// Start-up is kept small: only the generated commands under the first word of the command line
// are registered (the root help reads the table directly), and what actions need (the client,
// tables, progress bars) is imported when an action runs.

import type { MilvusClient, OperationPath } from '@milvus-rest/client';
import { Argument, Command, CommanderError, type Help, Option } from 'commander';
import type { GlobalOptions, JobWaitOptions } from './command-runtime.js';
import type { CommandSpec, FlagSpec } from './command-table.js';
import { addCommand, type CompletionTree, complete, completionScript, emptyTree, SHELLS, type Shell } from './completion.js';
import { ExitCode, UsageError } from './exit-codes.js';
import { commands, tags } from './generated/commands.js';
import type { CliIo } from './io.js';
import { type Job, type JobKind, jobKindNamed, jobKindStartedBy, jobKinds } from './job-kinds.js';
import { colors, useColor } from './terminal.js';

declare const __MILVUS_REST_CLI_VERSION__: string | undefined;
/** The package's version, written in by the build (`dev` when run from source). */
const CLI_VERSION = typeof __MILVUS_REST_CLI_VERSION__ === 'string' ? __MILVUS_REST_CLI_VERSION__ : 'dev';

const DEFAULT_INTERVAL_MS = 1_000;
const DEFAULT_WAIT_TIMEOUT_MS = 30 * 60_000;

/** Global options that take a value: skipped when looking for the first command word. */
const VALUE_OPTIONS = new Set(['--endpoint', '--token', '--db-name', '--profile', '--timeout']);
const GLOBAL_FLAG_NAMES = ['endpoint', 'token', 'db-name', 'profile', 'json', 'jsonl', 'timeout', 'verbose', 'help'];

const runtime = () => import('./command-runtime.js');

function positiveMs(flag: string) {
  return (text: string): number => {
    const value = Number(text);
    if (!(Number.isInteger(value) && value > 0))
      throw new UsageError(`--${flag} takes a whole number of milliseconds above 0; got ${JSON.stringify(text)}`);
    return value;
  };
}

function addGlobalOptions(program: Command): void {
  program
    .option('--endpoint <url>', 'the server, such as http://localhost:19530 (env MILVUS_ENDPOINT)')
    .option('--token <token>', 'an API key or user:password; never printed (env MILVUS_TOKEN)')
    .option('--db-name <name>', 'the database for operations that take one (env MILVUS_DB_NAME)')
    .option('--profile <name>', 'a profile of the config file (env MILVUS_PROFILE; see `milvus-rest config`)')
    .option('--json', 'print the result as one JSON document (int64 ids as exact strings)')
    .option('--jsonl', 'print a list as one JSON line per item')
    .addOption(new Option('--timeout <ms>', 'deadline of each call, retries included').argParser(positiveMs('timeout')))
    .option('--verbose', 'log each request and answer to stderr (Authorization redacted)');
}

function addWaitOptions(command: Command, what: string): Command {
  return command
    .option('--wait', `wait for the ${what} to end, showing its progress`)
    .addOption(new Option('--interval <ms>', 'time between two polls').argParser(positiveMs('interval')).default(DEFAULT_INTERVAL_MS))
    .addOption(
      new Option('--wait-timeout <ms>', 'give up waiting after this long')
        .argParser(positiveMs('wait-timeout'))
        .default(DEFAULT_WAIT_TIMEOUT_MS),
    );
}

function flagOption(spec: FlagSpec, description: string): Option {
  const placeholder = spec.type === 'boolean' ? '[true|false]' : spec.type === 'list' ? `<${spec.items ?? 'value'},...>` : `<${spec.type}>`;
  const option = new Option(`--${spec.flag} ${placeholder}`, `${description}${spec.required ? ' (required)' : ''}`.trim());
  if (spec.enum) return option.choices(spec.enum);
  // Every text is kept (a list flag may be repeated) and read in request-body.ts.
  return option.argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]);
}

function givenFlags(spec: CommandSpec, options: Record<string, unknown>, attributes: Map<string, string>): Map<string, string[]> {
  const given = new Map<string, string[]>();
  for (const flag of spec.flags) {
    const value = options[attributes.get(flag.flag) as string];
    if (value === undefined) continue;
    given.set(flag.flag, value === true ? [''] : Array.isArray(value) ? value.map(String) : [String(value)]);
  }
  return given;
}

/** The first word of the command line that is not an option or an option's value. */
export function firstCommandWord(argv: readonly string[]): string | undefined {
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] as string;
    if (VALUE_OPTIONS.has(arg)) index++;
    else if (!arg.startsWith('-')) return arg;
  }
  return undefined;
}

function completionTree(): CompletionTree {
  const tree = emptyTree();
  for (const command of commands)
    addCommand(
      tree,
      command.words,
      command.flags.map((flag) => flag.flag),
    );
  addCommand(tree, ['refresh'], ['source', 'spec', 'wait', 'interval', 'wait-timeout']);
  addCommand(tree, ['jobs', 'list'], ['kind', 'watch', 'interval']);
  addCommand(tree, ['jobs', 'wait'], ['kind', 'interval', 'wait-timeout']);
  addCommand(tree, ['call'], ['body']);
  for (const verb of ['path', 'list']) addCommand(tree, ['config', verb], []);
  addCommand(tree, ['config', 'set'], ['profile', 'endpoint', 'token', 'db-name']);
  for (const shell of SHELLS) addCommand(tree, ['completion', shell], []);
  return tree;
}

/** Runs `milvus-rest` with `argv` (without `node` and the script) and resolves with its exit code. */
export async function run(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  if (argv[0] === '__complete') {
    // Answered before commander, which would reject half-typed flags.
    io.stdout.write(
      complete(completionTree(), GLOBAL_FLAG_NAMES, argv.slice(1))
        .map((candidate) => `${candidate}\n`)
        .join(''),
    );
    return ExitCode.ok;
  }

  const stderrColor = colors(useColor(io.stderr, io.env));
  let exitCode: ExitCode = ExitCode.ok;
  const program = new Command('milvus-rest');
  program
    .description('Every operation of the Milvus REST API v2 as a command, with exact int64 ids and live progress for long jobs.')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) => write(stderrColor.red(text)),
    })
    .helpCommand(false)
    .version(CLI_VERSION, '-V, --version', 'print the version of milvus-rest');
  addGlobalOptions(program);
  program.configureHelp({
    formatHelp: (cmd: Command, helper: Help) =>
      cmd === program ? rootHelp(program, helper) : (Object.getPrototypeOf(helper) as Help).formatHelp.call(helper, cmd, helper),
  });
  const globals = (command: Command) => command.optsWithGlobals<GlobalOptions & JobWaitOptions & { body?: string }>();

  // The generated commands: `collections describe`, `jobs external-collection list`, ... A path
  // can be both a command and a group: `jobs snapshot export` and `jobs snapshot export describe`.
  const nodes = new Map<string, Command>();
  const nodeFor = (words: readonly string[]): Command => {
    let parent = program;
    for (let depth = 1; depth <= words.length; depth++) {
      const key = words.slice(0, depth).join(' ');
      let node = nodes.get(key);
      if (!node) {
        node = parent.command(words[depth - 1] as string).helpCommand(false);
        node.description(`Commands under ${key}: run \`milvus-rest ${key} <command> --help\`.`);
        nodes.set(key, node);
      }
      parent = node;
    }
    return parent;
  };
  const first = firstCommandWord(argv);
  // The prose of `--help` is two thirds of the table: only help loads it.
  const wantsHelp = first !== undefined && (argv.includes('--help') || argv.includes('-h'));
  const help = wantsHelp ? (await import('./generated/command-help.js')).commandHelp : undefined;
  // Every group is known (for commander's "did you mean"); only the first word's are filled in.
  for (const spec of commands) nodeFor(spec.words.slice(0, 1));
  for (const spec of commands) {
    if (spec.words[0] !== first) continue;
    const command = nodeFor(spec.words);
    const started = jobKindStartedBy(spec.operationId);
    command
      .summary(spec.deprecated ? `${spec.summary} (deprecated)` : spec.summary)
      .description(`${spec.summary}: POST ${spec.path} (${spec.kind}).${help ? `\n\n${help[spec.operationId]?.description ?? ''}` : ''}`)
      .option('--body <json>', 'the request body as JSON, @file.json, or - for stdin; flags override its fields');
    const attributes = new Map<string, string>();
    for (const flag of spec.flags) {
      const option = flagOption(flag, help?.[spec.operationId]?.flags[flag.flag] ?? '');
      attributes.set(flag.flag, option.attributeName());
      command.addOption(option);
    }
    if (started) addWaitOptions(command, `${started.kind.name} job`);
    command.action(async (options: Record<string, unknown>, self: Command) => {
      const all = globals(self);
      const { clientFor, finishJob, outputFormat, print, requestBody } = await runtime();
      const body = requestBody(spec, all.body, givenFlags(spec, options, attributes), io);
      outputFormat(all);
      const client = clientFor(all, io);
      const data = await (client[spec.operationId as keyof MilvusClient] as (body: unknown) => Promise<unknown>)(body);
      if (!(started && all.wait)) {
        print(data, all, io);
        return;
      }
      const jobId = (data as Record<string, unknown> | undefined)?.[started.idField];
      if (jobId === undefined) throw new UsageError(`${spec.words.join(' ')}: the answer has no ${started.idField} to wait for`);
      exitCode = await finishJob(client, started.kind, String(jobId), all, io);
    });
  }

  // Jobs: `refresh`, `jobs list`, `jobs wait`.
  addWaitOptions(
    program
      .command('refresh')
      .summary('Refresh an external collection (--wait shows a progress bar until the job ends)')
      .description(
        "Starts a refresh job of an external collection (jobs/external_collection/refresh) and prints its id; with --wait, follows it with a progress bar until it completes (exit 0) or fails (exit 1, with the server's reason). Ctrl-C stops watching, never the job.",
      )
      .argument('<collection>', 'the external collection')
      .option('--source <uri>', 'a new external source, such as s3://bucket/books/ (needs --spec)')
      .option('--spec <json>', 'a new external spec (needs --source)'),
    'refresh job',
  ).action(async (collection: string, options: { source?: string; spec?: string }, self: Command) => {
    const all = globals(self);
    const { clientFor, finishJob, outputFormat, print } = await runtime();
    outputFormat(all);
    if ((options.source === undefined) !== (options.spec === undefined)) {
      throw new UsageError('refresh: --source and --spec go together (the server changes both or neither)');
    }
    const client = clientFor(all, io);
    const { jobId } = await client.refreshExternalCollection({
      collectionName: collection,
      ...(options.source !== undefined ? { externalSource: options.source, externalSpec: options.spec } : {}),
    });
    if (all.wait) exitCode = await finishJob(client, jobKindNamed('refresh') as JobKind, String(jobId), all, io);
    else print({ jobId }, all, io);
  });

  const jobs = nodeFor(['jobs']);
  jobs.description('Jobs: list and wait for refresh, import, snapshot and compaction jobs, or use the job operations below.');
  jobs
    .command('list')
    .summary('List jobs of a collection, or of every collection (--watch keeps a live table)')
    .description(
      'Lists the jobs the server keeps. With --watch the table is redrawn until no job is running; Ctrl-C stops watching, never a job.',
    )
    .argument('[collection]', 'only the jobs of this collection')
    .addOption(
      new Option('--kind <kind>', 'which jobs').choices(jobKinds.filter((kind) => kind.list).map((kind) => kind.name)).default('refresh'),
    )
    .option('--watch', 'keep the table up to date until no job is running')
    .addOption(new Option('--interval <ms>', 'time between two polls').argParser(positiveMs('interval')).default(DEFAULT_INTERVAL_MS))
    .action(async (collection: string | undefined, options: { kind: string; watch?: boolean; interval: number }, self: Command) => {
      const all = globals(self);
      const { clientFor, outputFormat, print } = await runtime();
      const format = outputFormat(all);
      const kind = jobKindNamed(options.kind) as JobKind;
      const listJobs = clientFor(all, io)[kind.list as keyof MilvusClient] as (body: unknown) => Promise<{ records?: Job[] }>;
      const list = async () => (await listJobs(collection === undefined ? {} : { collectionName: collection })).records ?? [];
      if (!options.watch) {
        print({ records: await list() }, all, io);
        return;
      }
      const { watchJobs } = await import('./watch-jobs.js');
      exitCode = await watchJobs(kind, list, { intervalMs: options.interval, format }, io);
    });
  addWaitOptions(
    jobs
      .command('wait')
      .summary('Wait for a job to end, with a progress bar')
      .description(
        "Follows one job until it ends: exit 0 when it completes, 1 when it fails (with the server's reason). Ctrl-C stops watching, never the job.",
      )
      .argument('<job-id>', 'the job id (int64 ids are read exactly)')
      .addOption(new Option('--kind <kind>', 'the kind of job').choices(jobKinds.map((kind) => kind.name)).default('refresh')),
    'job',
  ).action(async (jobId: string, options: { kind: string }, self: Command) => {
    const all = globals(self);
    const { clientFor, finishJob, outputFormat } = await runtime();
    outputFormat(all);
    if (!/^\S+$/.test(jobId)) throw new UsageError(`jobs wait: ${JSON.stringify(jobId)} is not a job id`);
    exitCode = await finishJob(clientFor(all, io), jobKindNamed(options.kind) as JobKind, jobId, all, io);
  });

  // Anything else: a route by path.
  program
    .command('call')
    .summary("Call any route by path: call /v2/vectordb/collections/list '{}'")
    .description(
      'Sends the body to the route and prints the answer: with --json the whole envelope (code, data and any siblings), otherwise its data. The path may leave out /v2/vectordb/.',
    )
    .argument('<path>', 'a route of the spec, such as /v2/vectordb/collections/describe or collections/describe')
    .argument('[body]', 'the request body as JSON (default {})')
    .option('--body <json>', 'the request body as JSON, @file.json, or - for stdin')
    .action(async (path: string, inline: string | undefined, _options: unknown, self: Command) => {
      const all = globals(self);
      const { bodyArgument, clientFor, outputFormat, print } = await runtime();
      const format = outputFormat(all);
      if (inline !== undefined && all.body !== undefined)
        throw new UsageError('call: give the body either as an argument or with --body, not both');
      const body = bodyArgument(inline ?? all.body, io);
      const route = (path.startsWith('/') ? path : `/v2/vectordb/${path}`) as OperationPath;
      const envelope = (await clientFor(all, io).call(route, body as never)) as Record<string, unknown>;
      print(format === 'json' || !('code' in envelope) ? envelope : envelope.data, all, io);
    });

  // Set-up: profiles and shell completion.
  const config = program
    .command('config')
    .description('Profiles of the config file: endpoints, tokens and databases by name.')
    .helpCommand(false);
  config
    .command('path')
    .description('Print where the config file is (MILVUS_REST_CONFIG, else the user config directory)')
    .action(async () => {
      const { configPath } = await import('./settings.js');
      io.stdout.write(`${configPath(io.env)}\n`);
    });
  config
    .command('list')
    .description('List the profiles, with tokens shown only as "set"')
    .action(async (_options: unknown, self: Command) => {
      const { configPath, readConfig } = await import('./settings.js');
      const { print } = await runtime();
      const file = readConfig(configPath(io.env));
      const rows = Object.entries(file.profiles).map(([name, profile]) => ({
        profile: name,
        endpoint: profile.endpoint ?? '',
        dbName: profile.dbName ?? '',
        token: profile.token === undefined ? '' : 'set',
      }));
      print(rows, globals(self), io);
    });
  config
    .command('set')
    .description('Create or change a profile (default: the profile named "default", used when none is chosen)')
    .addHelpText(
      'after',
      '\nThe profile is the one --profile names (default "default"); --endpoint, --token and --db-name give its fields.',
    )
    .action(async (_options: unknown, self: Command) => {
      // --profile, --endpoint, --token and --db-name are the global options, read here as the profile's fields.
      const options = globals(self);
      const name = options.profile ?? 'default';
      const { configPath, readConfig, writeConfig } = await import('./settings.js');
      const path = configPath(io.env);
      const file = readConfig(path);
      const profile = { ...file.profiles[name] };
      if (options.endpoint !== undefined) profile.endpoint = options.endpoint;
      if (options.token !== undefined) profile.token = options.token;
      if (options.dbName !== undefined) profile.dbName = options.dbName;
      file.profiles[name] = profile;
      writeConfig(path, file);
      io.stderr.write(`saved profile ${name} in ${path}\n`);
    });
  program
    .command('completion')
    .description('Print the shell completion script: source <(milvus-rest completion bash)')
    .addArgument(new Argument('<shell>', 'bash, zsh or fish').choices(SHELLS))
    .action((shell: Shell) => {
      io.stdout.write(completionScript(shell));
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    // commander has printed its own message (naming the flag); --help and --version end with 0.
    if (error instanceof CommanderError) return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    const { describeFailure } = await import('./failures.js');
    const failure = describeFailure(error);
    io.stderr.write(`${stderrColor.red(`milvus-rest: ${failure.message}`)}\n`);
    return failure.code;
  }
}

/** The root help: global options, then every command under its tag, then exit codes. */
function rootHelp(program: Command, helper: Help): string {
  const width = Math.max(...commands.map((command) => command.words.join(' ').length), 30) + 4;
  const lines: string[] = [
    'Usage: milvus-rest [options] <command> [flags]',
    '',
    program.description(),
    '',
    'Options:',
    ...helper.visibleOptions(program).map((option) => `  ${helper.optionTerm(option).padEnd(width)}${helper.optionDescription(option)}`),
  ];
  const section = (title: string, items: [string, string][]) => {
    lines.push('', `${title}:`, ...items.map(([term, text]) => `  ${term.padEnd(width)}${text}`));
  };
  section('Jobs', [
    ['refresh <collection> --wait', 'refresh an external collection and follow its progress'],
    ['jobs list [collection] --watch', 'a live table of refresh, import or snapshot jobs (--kind)'],
    ['jobs wait <job-id>', 'follow one job until it ends (--kind)'],
    ['call <path> [body]', 'call any route by path'],
  ]);
  for (const tag of tags) {
    const inTag = commands.filter((command) => command.tag === tag.name);
    if (inTag.length > 0)
      section(
        tag.name,
        inTag.map((command) => [command.words.join(' '), command.summary]),
      );
  }
  section('Set-up', [
    ['config path|list|set', 'profiles of the config file'],
    ['completion bash|zsh|fish', 'the shell completion script'],
  ]);
  lines.push(
    '',
    'Exit codes: 0 success, 1 API or job failure, 2 usage error, 3 connection failure or deadline, 130 Ctrl-C.',
    "Run `milvus-rest <command> --help` for a command's flags.",
    '',
  );
  return lines.join('\n');
}
