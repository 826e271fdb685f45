import type { LoggerService } from '@nestjs/common';

/** A relay's log lines, by level: what an operator would see. */
export class RecordingLogger implements LoggerService {
  readonly lines: Array<{ level: string; message: string }> = [];
  log = (message: string): void => void this.lines.push({ level: 'log', message });
  warn = (message: string): void => void this.lines.push({ level: 'warn', message });
  error = (message: string): void => void this.lines.push({ level: 'error', message });
  at = (level: 'log' | 'warn' | 'error'): string[] => this.lines.filter((line) => line.level === level).map((line) => line.message);
}
