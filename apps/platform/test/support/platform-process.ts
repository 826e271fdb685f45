import { type ChildProcess, spawn } from 'node:child_process';
import * as net from 'node:net';
import * as path from 'node:path';

const root = path.join(__dirname, '../../../..');
const main = path.join(root, 'apps/platform/src/main.ts');
const register = path.join(root, 'tools/ts-register.js');

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A port of 127.0.0.1 free at the moment of asking. */
export const freePort = () =>
  new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

/** The platform as `npm start` runs it: a real process, with everything it prints. */
export interface PlatformProcess {
  child: ChildProcess;
  /** stdout and stderr so far. */
  output(): string;
  exited: Promise<number | null>;
  /** Waits until /health/ready answers 200 on `port`; false after about a minute. */
  ready(port: number): Promise<boolean>;
  /** SIGTERM, and resolves once the process is gone. */
  stop(): Promise<void>;
}

export function startPlatformProcess(env: Record<string, string>): PlatformProcess {
  let output = '';
  const child = spawn(process.execPath, ['-r', register, main], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    output: () => output,
    exited,
    async ready(port) {
      for (let attempt = 0; attempt < 240; attempt += 1) {
        if (child.exitCode !== null) return false;
        if (await fetch(`http://127.0.0.1:${port}/health/ready`).then((r) => r.status === 200, () => false)) return true;
        await sleep(250);
      }
      return false;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}
