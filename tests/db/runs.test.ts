import { createTestDatabase, openDatabase, type DatabaseHandle, type TestDatabase } from '@runtime-hub/db';
import { conditionalUpdate, expectConditionalUpdate, expectRunRoundTrip, migrateTwice, runRoundTrip } from './scenarios';

describe('runs on Postgres', () => {
  let database: TestDatabase;
  let handle: DatabaseHandle;

  beforeEach(async () => {
    database = await createTestDatabase();
    handle = await openDatabase({ url: database.url });
    await migrateTwice(handle);
  });

  afterEach(async () => {
    await handle.close();
    await database.drop();
  });

  it('stores a run with its node runs and fan-out tasks and reads them back', async () => {
    expect(handle.kind).toBe('postgres');
    expectRunRoundTrip(await runRoundTrip(handle.db));
  });

  it('ignores a result for a stale attempt and a duplicate delivery', async () => {
    expectConditionalUpdate(await conditionalUpdate(handle.db));
  });
});
