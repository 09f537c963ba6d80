// Role-based access control against the emulator, with authentication on: root creates a user and
// a role, grants the role one privilege (Insert on the `books` collection) and binds it to the
// user. The user can then do exactly that: its insert succeeds, while a query and a drop of the
// same collection, which the role does not grant, are refused with HTTP 403, code 1401.
//
// Run it with `pnpm exec tsx packages/client/examples/rbac-tour.ts`; the tests import `main`.
import { pathToFileURL } from 'node:url';
import { createMilvusClient, MilvusApiError, type MilvusClient, MilvusErrorCode } from '@milvus-rest/client';
import { startEmulator } from '@milvus-rest/emulator';

/** What the tour proved. */
export type RbacTourResult = {
  /** Rows the user inserted (allowed by the role). */
  inserted: number;
  /** The operations refused to the user, each with the code and HTTP status it got. */
  refused: { operation: string; code: number; httpStatus: number }[];
  /** The role's grants as roles/describe reports them. */
  grants: { objectType: string; objectName: string; privilege: string; dbName: string; grantor: string }[];
};

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`rbac-tour: ${what}`);
}

/** Runs `call` and returns the 403 it must be refused with. */
async function refusal(operation: string, call: () => Promise<unknown>): Promise<RbacTourResult['refused'][number]> {
  try {
    await call();
  } catch (error) {
    if (error instanceof MilvusApiError && error.code === MilvusErrorCode.PrivilegeNotPermitted && error.httpStatus === 403) {
      return { operation, code: error.code, httpStatus: error.httpStatus };
    }
    throw error;
  }
  throw new Error(`rbac-tour: ${operation} succeeded, but the role does not grant it`);
}

/** Starts an emulator with authentication on, runs the tour, prints a summary and stops the emulator. */
export async function main(log: (line: string) => void = console.log): Promise<RbacTourResult> {
  const emulator = await startEmulator({ token: 'root:Milvus' });
  try {
    const root: MilvusClient = createMilvusClient({ endpoint: emulator.url, username: 'root', password: 'Milvus' });
    await root.createCollection({ collectionName: 'books', dimension: 4 });

    // Root sets up a user, a role with one privilege, and binds the role to the user.
    const password = 'Wr1ter-Passw0rd';
    await root.createUser({ userName: 'alice', password, description: 'Loads the nightly book feed' });
    await root.createRole({ roleName: 'books_writer', description: 'Inserts into books' });
    await root.grantPrivilegeV2({ roleName: 'books_writer', privilege: 'Insert', dbName: 'default', collectionName: 'books' });
    await root.grantRole({ userName: 'alice', roleName: 'books_writer' });
    const grants = await root.describeRole({ roleName: 'books_writer' });
    check(grants.length === 1 && grants[0]?.privilege === 'Insert' && grants[0]?.objectName === 'books', 'the role holds one grant');
    check((await root.describeUser({ userName: 'alice' })).join() === 'books_writer', 'alice has the role');
    log(`Root created user alice and role books_writer (Insert on default.books), and bound them.`);

    // The user logs in with its own password and does what the role allows...
    const alice = createMilvusClient({ endpoint: emulator.url, username: 'alice', password });
    const { insertCount } = await alice.insert({
      collectionName: 'books',
      data: [
        { id: 1, vector: [0.1, 0.2, 0.3, 0.4] },
        { id: 2, vector: [0.4, 0.3, 0.2, 0.1] },
      ],
    });
    check(insertCount === 2, `alice inserted 2 rows (got ${insertCount})`);
    log(`alice inserted ${insertCount} rows into books: allowed by the role.`);

    // ...and nothing else: reading or dropping the collection is refused before the server acts.
    const refused = [
      await refusal('query', () => alice.query({ collectionName: 'books', filter: 'id >= 1', outputFields: ['id'] })),
      await refusal('dropCollection', () => alice.dropCollection({ collectionName: 'books' })),
    ];
    for (const { operation, code, httpStatus } of refused) log(`alice ${operation}: refused with HTTP ${httpStatus}, code ${code}.`);

    // Root sees the rows alice wrote, and the collection she could not drop.
    const rows = await root.query({ collectionName: 'books', filter: 'id >= 1', outputFields: ['id'] });
    check(rows.length === 2, `root reads the 2 rows alice inserted (got ${rows.length})`);
    log(`Root reads the ${rows.length} rows back; the collection is still there.`);
    return { inserted: insertCount, refused, grants };
  } finally {
    await emulator.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
