import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/** The repo's require hook that compiles TypeScript for child processes. */
const TS_REGISTER = join(__dirname, '../../../../tools/ts-register.js');
const running = new Set<ChildProcess>();

export interface Worker {
  readonly process: ChildProcess;
  /** Complete stdout lines so far; a line cut short by a kill is never included. */
  readonly lines: string[];
  readonly stderr: () => string;
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  /** Writes a line to the worker's stdin. */
  send(line: string): void;
  /** Resolves when a line satisfying `match` has been printed. */
  waitForLine(match: (line: string) => boolean, timeoutMs?: number): Promise<string>;
}

/** Runs `test/workers/<name>.ts` in its own Node process. */
export function startWorker(name: string, args: string[], nodeOptions: string[] = []): Worker {
  const child = spawn(process.execPath, [...nodeOptions, '-r', TS_REGISTER, join(__dirname, '../workers', `${name}.ts`), ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  running.add(child);
  const lines: string[] = [];
  const listeners = new Set<() => void>();
  let partial = '';
  let stderr = '';
  let closed = false;
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts.filter((line) => line.length > 0));
    for (const listener of [...listeners]) listener();
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) =>
    // 'close', not 'exit': it comes after stdout has been read to the end.
    child.on('close', (code) => {
      closed = true;
      running.delete(child);
      resolve(code);
      for (const listener of [...listeners]) listener();
    }),
  );
  const waitForLine = (match: (line: string) => boolean, timeoutMs = 20_000) =>
    new Promise<string>((resolve, reject) => {
      const check = (): void => {
        const line = lines.find(match);
        if (line === undefined && !closed) return;
        listeners.delete(check);
        clearTimeout(timer);
        if (line !== undefined) resolve(line);
        else reject(new Error(`worker ${name} exited before the expected line; stderr:\n${stderr}`));
      };
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(new Error(`worker ${name}: expected line not printed in ${timeoutMs} ms; stderr:\n${stderr}`));
      }, timeoutMs);
      listeners.add(check);
      check();
    });
  const send = (line: string): void => void child.stdin?.write(`${line}\n`);
  return { process: child, lines, stderr: () => stderr, exited, send, waitForLine };
}

/** For afterAll: no child may outlive its test file. Only kills processes started here, by pid. */
export function killWorkers(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}
