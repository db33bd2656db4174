/**
 * The processes a fault test starts and kills: any child process with its output kept, a
 * Redis server of its own (AOF on), and a TCP proxy that can be frozen to cut a worker off.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net, { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import IORedis from 'ioredis';
import { ROOT, eventually } from '../e2e/e2e.harness';

/** How long a process may take to start answering. */
export const START_TIMEOUT_MS = 30_000;
/** How long a killed or stopped process may take to exit. */
const EXIT_TIMEOUT_MS = 10_000;
/** Characters of a process's output kept to explain a failure. */
const OUTPUT_TAIL_CHARS = 8_000;

/** A free loopback port (bound and released: the caller binds it again at once). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A child process whose output is kept, that can be signalled and waited for. */
export class Managed {
  output = '';
  child: ChildProcess | undefined;

  constructor(
    readonly label: string,
    private readonly command: string,
    private readonly args: readonly string[],
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  start(): void {
    this.output = '';
    this.child = spawn(this.command, this.args, { cwd: ROOT, env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS);
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  signal(signal: NodeJS.Signals): void {
    if (this.running) this.child?.kill(signal);
  }

  /** Sends `signal` and waits (bounded) for the exit; SIGKILL if it does not come. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    const child = this.child;
    if (!child) return { code: null, signal: null };
    if (!this.running) return { code: child.exitCode, signal: child.signalCode };
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('exit', (code, exitSignal) => resolve({ code, signal: exitSignal })),
    );
    child.kill('SIGCONT');
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), EXIT_TIMEOUT_MS);
    try {
      return await exited;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** redis-server on a free port with AOF (appendfsync everysec) in a directory of its own. */
export class RedisServer {
  private readonly process: Managed;

  private constructor(
    readonly port: number,
    readonly dir: string,
  ) {
    this.process = new Managed('redis', 'redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--appendonly', 'yes', '--appendfsync', 'everysec', '--save', '', '--dir', dir], process.env);
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<RedisServer> {
    const server = new RedisServer(await freePort(), await mkdtemp(path.join(tmpdir(), 'rh-faults-redis-')));
    await server.start();
    return server;
  }

  async start(): Promise<void> {
    this.process.start();
    await eventually(
      async () => {
        const client = new IORedis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
        try {
          await client.connect();
          return (await client.ping()) === 'PONG' ? true : undefined;
        } catch {
          return undefined;
        } finally {
          client.disconnect();
        }
      },
      START_TIMEOUT_MS,
      () => `redis-server on port ${this.port}`,
      async () => this.process.output,
    );
  }

  stop(signal: NodeJS.Signals = 'SIGTERM') {
    return this.process.stop(signal);
  }

  async close(): Promise<void> {
    await this.process.stop('SIGKILL');
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** `node tcp-proxy.js` forwarding each route; SIGSTOP freezes every connection through it. */
export class TcpProxy {
  private readonly process: Managed;

  constructor(routes: ReadonlyArray<{ listen: number; port: number }>) {
    const specs = routes.map((route) => `${route.listen}:127.0.0.1:${route.port}`);
    this.process = new Managed('proxy', process.execPath, [path.join(__dirname, 'tcp-proxy.js'), ...specs], process.env);
  }

  async start(): Promise<void> {
    this.process.start();
    await eventually(() => (this.process.output.includes('ready') ? true : undefined), START_TIMEOUT_MS, () => 'the TCP proxy', async () => this.process.output);
  }

  /** A partition: nothing passes, nothing is reset. */
  freeze(): void {
    this.process.signal('SIGSTOP');
  }

  thaw(): void {
    this.process.signal('SIGCONT');
  }

  async close(): Promise<void> {
    await this.process.stop('SIGKILL');
  }
}
