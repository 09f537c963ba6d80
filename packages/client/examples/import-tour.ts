// A two-phase import against the emulator: the job is created with `options.auto_commit` "false",
// so it stops in Uncommitted once its files are read; waitForImportJob waits for that
// (`until: 'uncommitted'`), the tour commits the job, and waits again until it is Completed.
//
// Run it with `pnpm exec tsx packages/client/examples/import-tour.ts`; the tests import `main`.
// (The emulator reports the job's rows but does not add them to the collection.)
import { pathToFileURL } from 'node:url';
import { createMilvusClient, type ImportJob, waitForImportJob } from '@milvus-rest/client';
import { startEmulator } from '@milvus-rest/emulator';

/** What the tour saw. */
export type ImportTourResult = {
  jobId: string;
  /** Each state and progress the job was seen in, in order (`Importing 37`, ...). */
  seen: string[];
  /** The job when it was waiting for its commit, and when it was done. */
  uncommitted: ImportJob;
  completed: ImportJob;
};

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`import-tour: ${what}`);
}

/** Starts an emulator, runs the tour, prints a summary and stops the emulator. */
export async function main(log: (line: string) => void = console.log): Promise<ImportTourResult> {
  // Emulated time runs 20 times faster: the five-second import takes a quarter of a second.
  const emulator = await startEmulator({ clock: { speed: 20 } });
  try {
    const milvus = createMilvusClient({ endpoint: emulator.url });
    await milvus.createCollection({ collectionName: 'books', dimension: 4 });

    const { jobId } = await milvus.createImportJob({
      collectionName: 'books',
      files: [['books/part-0001.parquet'], ['books/part-0002.parquet']],
      options: { auto_commit: 'false' },
    });
    check(/^\d+$/.test(jobId) && BigInt(jobId) > 2n ** 53n, `the job id is an exact int64 string (got ${jobId})`);
    log(`Started two-phase import job ${jobId} (a string on the wire, unlike refresh job ids)`);

    const seen: string[] = [];
    const onProgress = (job: ImportJob) => {
      seen.push(`${job.state} ${job.progress}`);
      log(`  ${job.state.padEnd(11)} ${String(job.progress).padStart(3)}%  ${job.importedRows}/${job.totalRows} rows`);
    };

    // Phase one: the files are read and the job parks, its rows not yet visible.
    const uncommitted = await waitForImportJob(milvus, jobId, { until: 'uncommitted', intervalMs: 50, timeoutMs: 30_000, onProgress });
    check(
      uncommitted.state === 'Uncommitted' && uncommitted.progress === 99,
      `the job waits in Uncommitted at 99% (got ${uncommitted.state})`,
    );
    check(uncommitted.importedRows === uncommitted.totalRows && uncommitted.totalRows > 0, 'every row is read before the commit');

    // Phase two: the commit makes them visible.
    await milvus.commitImportJob({ jobId });
    log(`Committed job ${jobId}`);
    const completed = await waitForImportJob(milvus, jobId, { intervalMs: 50, timeoutMs: 30_000, onProgress });
    check(completed.state === 'Completed' && completed.progress === 100, `the job completes (got ${completed.state})`);
    check(completed.completeTime !== '', 'a completed job has a completeTime');

    const { records } = await milvus.listImportJobs({ collectionName: 'books' });
    check(records.length === 1 && records[0]?.jobId === jobId && records[0]?.state === 'Completed', 'the job is listed as Completed');
    log(`Job ${jobId} completed at ${completed.completeTime}: ${completed.importedRows} rows from ${completed.details.length} files`);
    return { jobId, seen, uncommitted, completed };
  } finally {
    await emulator.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
