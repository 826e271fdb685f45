import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BINARY = process.env.NATS_SERVER_BIN ?? '/usr/sbin/nats-server';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface NatsServerOptions {
  /** A server configuration file (accounts, authorization, TLS); port, store and JetStream still come from here. */
  config?: string;
  /** Variables the configuration refers to (`$INTAKE_PASSWORD`). */
  env?: Record<string, string>;
  /** The configuration requires TLS: the URL is tls://. */
  tls?: boolean;
}

/** A private nats-server with JetStream for one test file: killed, restarted and wiped at will. */
export class NatsServer {
  private child: ChildProcess | undefined;
  private log = '';

  private constructor(
    readonly port: number,
    readonly storeDir: string,
    private readonly options: NatsServerOptions,
  ) {}

  static async start(options: NatsServerOptions = {}): Promise<NatsServer> {
    const server = new NatsServer(await freePort(), mkdtempSync(join(tmpdir(), 'msg-nats-')), options);
    await server.launch();
    return server;
  }

  get url(): string {
    return `${this.options.tls ? 'tls' : 'nats'}://127.0.0.1:${this.port}`;
  }

  /** What the server logged since it started (permission violations, refused logins). */
  get output(): string {
    return this.log;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Stops the server process (SIGKILL by default: a crash) and waits for it to be gone. */
  async stop(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    await exited;
    this.child = undefined;
  }

  /** Freezes the process (SIGSTOP): connections stay open, nothing is answered. */
  async pause(): Promise<void> {
    const pid = this.child?.pid;
    this.child?.kill('SIGSTOP');
    // kill() returns before the signal takes effect: wait until the kernel reports it stopped.
    for (let attempt = 0; pid && attempt < 200; attempt += 1) {
      const state = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0];
      if (state === 'T' || state === 't') return;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  resume(): void {
    this.child?.kill('SIGCONT');
  }

  /** Starts again on the same port and store directory. */
  async restart(): Promise<void> {
    await this.stop();
    await this.launch();
  }

  /** Stop, delete the JetStream storage, start empty. */
  async wipe(): Promise<void> {
    await this.stop();
    rmSync(this.storeDir, { recursive: true, force: true });
    await this.launch();
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.storeDir, { recursive: true, force: true });
  }

  private async launch(): Promise<void> {
    const config = this.options.config ? ['-c', this.options.config] : [];
    const child = spawn(BINARY, [...config, '-js', '-p', String(this.port), '-sd', this.storeDir, '-a', '127.0.0.1'], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, ...this.options.env },
    });
    this.child = child;
    this.log = '';
    // Keep reading stderr for the whole run, so the pipe never fills and blocks the server.
    child.stderr?.on('data', (chunk: Buffer) => {
      this.log += chunk.toString();
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`nats-server did not start:\n${this.log}`)), 15_000);
      const ready = () => {
        if (!this.log.includes('Server is ready')) return;
        clearTimeout(timer);
        child.stderr?.off('data', ready);
        resolve();
      };
      child.stderr?.on('data', ready);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`nats-server exited with ${code}:\n${this.log}`));
      });
    });
    child.removeAllListeners('exit');
  }
}
