const { Worker, createRedisBackend } = require('bullmq');
const { Redis } = require('ioredis');
const N = Number(process.argv[2] || 1000);
(async () => {
  const connection = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
  const prefix = 'rh-sweepbench-' + process.pid;
  const backend = (name, o) => createRedisBackend(name, o, { blocking: false, withBlockingConnection: false });
  await connection.ping();
  global.gc(); const h0 = process.memoryUsage().heapUsed;
  const cmd0 = connection.commandQueue ? 0 : 0;
  let sent = 0; const orig = connection.sendCommand.bind(connection); connection.sendCommand = (c, ...a) => { sent++; return orig(c, ...a); };
  const c0 = process.cpuUsage();
  const workers = [];
  for (let i = 0; i < N; i++) { const w = new Worker('agent.' + i, null, { connection, prefix, autorun: false, stalledInterval: 30000 }, backend); workers.push(w); w.startStalledCheckTimer(); }
  await Promise.all(workers.map(w => w.getNextJob('t', { block: false })));
  await new Promise(r => setTimeout(r, 500));
  const c = process.cpuUsage(c0);
  global.gc(); const h1 = process.memoryUsage().heapUsed;
  console.log(JSON.stringify({ N, heapPerWorkerKiB: ((h1 - h0) / N / 1024).toFixed(1), commandsAtOpenPerWorker: (sent / N).toFixed(2), openCpuMsPerWorker: ((c.user + c.system) / 1000 / N).toFixed(3) }));
  // stalled check cost: run one round explicitly
  const s0 = process.cpuUsage(); const sentBefore = sent;
  await Promise.all(workers.map(w => w.moveStalledJobsToWait()));
  const s = process.cpuUsage(s0);
  console.log(JSON.stringify({ stalledRoundNodeCpuMs: ((s.user + s.system) / 1000).toFixed(1), commands: sent - sentBefore }));
  await Promise.all(workers.map(w => w.close(true)));
  await connection.quit();
})();
