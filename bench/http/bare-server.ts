/**
 * The baseline of bench:http: a bare Nest endpoint over Express doing one better-sqlite3 statement
 * per request, at the event store's durability (WAL, synchronous = FULL: a 2xx means on disk).
 * Commands insert their JSON body, reads select one row or a page of 50. No authentication,
 * validation, encryption, access log or events: the ratio shows what the platform's own layers cost.
 * Run as `node dist/bench/http/bare-server.js <port> <database file>`; prints `ready` once listening.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Module, NotFoundException, Param, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import Database from 'better-sqlite3';

const [port, file] = process.argv.slice(2);
const db = new Database(file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.exec('CREATE TABLE IF NOT EXISTS records (id TEXT PRIMARY KEY, body TEXT NOT NULL, created_at TEXT NOT NULL)');
const insert = db.prepare('INSERT INTO records (id, body, created_at) VALUES (?, ?, ?)');
const one = db.prepare('SELECT id, body, created_at FROM records WHERE id = ?');
const page = db.prepare('SELECT id, created_at FROM records ORDER BY created_at DESC LIMIT 50');

@Controller('records')
class RecordsController {
  @Post()
  @HttpCode(201)
  create(@Body() body: unknown): { id: string } {
    const id = randomUUID();
    insert.run(id, JSON.stringify(body), new Date().toISOString());
    return { id };
  }

  @Get()
  list(): unknown[] {
    return page.all();
  }

  @Get(':id')
  read(@Param('id') id: string): unknown {
    const row = one.get(id);
    if (!row) throw new NotFoundException();
    return row;
  }
}

@Module({ controllers: [RecordsController] })
class BareModule {}

void (async () => {
  const app = await NestFactory.create(BareModule, { logger: false });
  await app.listen(Number(port), '127.0.0.1');
  console.log('ready');
})();
