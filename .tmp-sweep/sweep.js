// micro: cost of one delivery sweep over N idle agent queues (manual fetching, one shared connection)
const { Worker, createRedisBackend } = require('bullmq');
const { Redis } = require('ioredis');
const N = Number(process.argv[2] || 1000), auto = process.argv[3] === 'auto', SWEEPS = 20;
(async () => {
  const connection = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: null, enableAutoPipelining: auto });
  const prefix = 'rh-sweepbench-' + process.pid;
  const backend = (name, o) => createRedisBackend(name, o, { blocking: false, withBlockingConnection: false });
  const workers = [];
  for (let i = 0; i < N; i++) workers.push(new Worker('agent.' + i, null, { connection, prefix, autorun: false, skipStalledCheck: true }, backend));
  await Promise.all(workers.map(w => w.getNextJob('t', { block: false }))); // warm: init, scripts loaded
  const info0 = await connection.info('cpu');
  const c0 = process.cpuUsage(); const t0 = performance.now();
  for (let s = 0; s < SWEEPS; s++) await Promise.all(workers.map(w => w.getNextJob('t' + s, { block: false })));
  const c = process.cpuUsage(c0); const wall = performance.now() - t0;
  const info1 = await connection.info('cpu');
  const cpu = (t) => { const m = /used_cpu_sys:([\d.]+)[\s\S]*used_cpu_user:([\d.]+)/.exec(t); return Number(m[1]) + Number(m[2]); };
  console.log(JSON.stringify({ N, auto, perSweepNodeCpuMs: ((c.user + c.system) / 1000 / SWEEPS).toFixed(2), perSweepWallMs: (wall / SWEEPS).toFixed(1), perSweepRedisCpuMs: ((cpu(info1) - cpu(info0)) * 1000 / SWEEPS).toFixed(2), heapMiB: (process.memoryUsage().heapUsed / 1048576).toFixed(1) }));
  await Promise.all(workers.map(w => w.close(true)));
  await connection.quit();
})();
