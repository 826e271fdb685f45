import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../../..');

/** A TypeScript worker in its own Node process (`node -r tools/ts-register.js worker.ts`). */
export class WorkerProcess {
  readonly lines: string[] = [];
  private readonly exited: Promise<number | null>;

  private constructor(private readonly child: ChildProcess) {
    let buffer = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const parts = buffer.split('\n');
      buffer = parts.pop() ?? '';
      this.lines.push(...parts);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      if (process.env.DEBUG_MESSAGING) process.stderr.write(chunk);
    });
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(signal ? null : code)));
  }

  static start(script: string, env: Record<string, string>): WorkerProcess {
    const child = spawn(process.execPath, ['-r', join(ROOT, 'tools/ts-register.js'), script], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new WorkerProcess(child);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  async waitForLine(text: string, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.lines.some((line) => line.includes(text))) {
      if (!this.running) throw new Error(`worker exited before printing '${text}'`);
      if (Date.now() > deadline) throw new Error(`worker did not print '${text}' in time`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** Exit code, or null when a signal ended it. */
  waitForExit(): Promise<number | null> {
    return this.exited;
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (this.running) this.child.kill(signal);
    await this.exited;
  }
}
