// `pnpm start` runs this: the client against a local emulator. It creates an external collection,
// refreshes it, follows the refresh job to the end, and lists the collection's refresh jobs.
import { createMilvusClient, MilvusApiError, type RefreshJob } from '@milvus-rest/client';
import { startEmulator } from '@milvus-rest/emulator';

// Emulated time runs 20 times faster, so a five-second refresh job takes a quarter of a second.
const emulator = await startEmulator({ clock: { speed: 20 } });
try {
  const milvus = createMilvusClient({ endpoint: emulator.url });
  console.log(`Milvus REST emulator at ${emulator.url}\n`);

  await milvus.createCollection({
    collectionName: 'ext_books',
    schema: {
      enableDynamicField: false,
      externalSource: 's3://minio:9000/bucket/books/',
      externalSpec: '{"format":"parquet","extfs":{"cloud_provider":"minio","region":"us-east-1","use_ssl":"false"}}',
      fields: [
        { fieldName: 'id', dataType: 'Int64', externalField: 'id' },
        { fieldName: 'title', dataType: 'VarChar', externalField: 'title', elementTypeParams: { max_length: 512 } },
        { fieldName: 'embedding', dataType: 'FloatVector', externalField: 'embedding', elementTypeParams: { dim: 8 } },
      ],
    },
  });
  console.log('Created the external collection ext_books over s3://minio:9000/bucket/books/');

  const { jobId } = await milvus.refreshExternalCollection({ collectionName: 'ext_books' });
  console.log(`Started refresh job ${jobId} (an int64 above 2^53, kept exact)`);
  const done = await milvus.waitForRefreshExternalCollectionJob(jobId, {
    intervalMs: 50,
    onProgress: (job: RefreshJob) => console.log(`  ${job.state.padEnd(17)} ${String(job.progress).padStart(3)}%`),
  });
  console.log(`Refresh finished in ${done.endTime - done.startTime} ms of emulated time\n`);

  // A second refresh of a source that does not exist: the job fails, with the server's reason.
  await milvus.refreshExternalCollection({
    collectionName: 'ext_books',
    externalSource: 's3://minio:9000/bucket/emulator-fail/',
    externalSpec: '{"format":"parquet","extfs":{"cloud_provider":"minio","region":"us-east-1","use_ssl":"false"}}',
  });
  try {
    await milvus.refreshExternalCollection({ collectionName: 'ext_books' });
  } catch (error) {
    if (!(error instanceof MilvusApiError)) throw error;
    console.log(`A third refresh while one runs is refused: code ${error.code}, "${error.serverMessage}"\n`);
  }
  await new Promise((resolve) => setTimeout(resolve, 300));

  const { records } = await milvus.listRefreshExternalCollectionJobs({ collectionName: 'ext_books' });
  const rows = records.map((job) => ({
    jobId: job.jobId,
    state: job.state,
    progress: `${job.progress}%`,
    started: new Date(job.startTime).toISOString().slice(11, 23),
    source: job.externalSource,
    reason: job.reason ?? '',
  }));
  const columns = Object.keys(rows[0] ?? {}) as (keyof (typeof rows)[number])[];
  const widths = columns.map((column) => Math.max(column.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, index) => cell.padEnd(widths[index] ?? 0))
      .join('  ')
      .trimEnd();
  console.log('listRefreshExternalCollectionJobs({ collectionName: "ext_books" }), most recent first:');
  console.log(line(columns));
  console.log(line(widths.map((width) => '-'.repeat(width))));
  for (const row of rows) console.log(line(columns.map((column) => row[column])));
} finally {
  await emulator.close();
}
