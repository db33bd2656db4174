import { FaultFleet } from '../faults/fleet-faults.harness';
jest.setTimeout(240_000);
const NODES = Number(process.env['PROFILE_NODES'] ?? 10_000);
it('profiles', async () => {
  const fleet = await FaultFleet.boot({ workers: ['large-a', 'large-b'], coordinatorEnv: { NODE_OPTIONS: '--require /tmp/lr/prof.js' } });
  try {
    const t0 = performance.now();
    const run = await fleet.startRun({ schemaVersion: 1, name: 'p', defaults: { retry: { maxAttempts: 1 } }, nodes: Array.from({ length: NODES }, (_, i) => ({ id: `n${i}`, type: 'set', target: { labels: ['faults'] }, config: { values: { i } } })) });
    console.log('start ms', performance.now() - t0);
    process.kill(fleet.coordinator.child?.pid as number, 'SIGUSR2');
    await new Promise((r) => setTimeout(r, Number(process.env['PROFILE_WAIT_MS'] ?? 30_000)));
    const rows = await fleet.sql('select status, count(*) from node_runs where run_id = $1 group by status', [run.id]);
    console.log(JSON.stringify(rows));
    process.kill(fleet.coordinator.child?.pid as number, 'SIGUSR2');
    await new Promise((r) => setTimeout(r, 3000));
    console.log(await fleet.coordinator.stop('SIGTERM'));
  } finally {
    await fleet.close();
  }
});
