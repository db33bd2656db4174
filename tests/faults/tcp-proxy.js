/**
 * A TCP proxy between one agent and what it talks to, as a process of its own so a test can
 * freeze it with SIGSTOP (a network partition: packets stop, no connection is reset) and
 * thaw it with SIGCONT.
 *
 *   node tcp-proxy.js LISTEN_PORT:TARGET_HOST:TARGET_PORT [...]
 *
 * Prints `ready` once every listener is bound. Loopback only.
 */
'use strict';
const net = require('node:net');

const routes = process.argv.slice(2).map((spec) => {
  const [listen, host, port] = spec.split(':');
  return { listen: Number(listen), host, port: Number(port) };
});

let pending = routes.length;
for (const route of routes) {
  const server = net.createServer((client) => {
    const upstream = net.connect(route.port, route.host);
    client.pipe(upstream);
    upstream.pipe(client);
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close);
    upstream.on('error', close);
    client.on('close', close);
    upstream.on('close', close);
  });
  server.listen(route.listen, '127.0.0.1', () => {
    pending -= 1;
    if (pending === 0) process.stdout.write('ready\n');
  });
}
