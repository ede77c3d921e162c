import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import type { WsServerMessage } from '@xcr/contracts/api/index';
import { createTaskEvents } from '@xcr/core/events/task-events';
import type { TaskRecord } from '@xcr/core/ports/repositories';
import { createTestServer, testModes, uniqueName, type TestServer } from '../test-support/test-server.ts';

function connect(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`status ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function inbox(ws: WebSocket) {
  const messages: WsServerMessage[] = [];
  const waiters: Array<() => void> = [];
  ws.on('message', (data) => {
    messages.push(JSON.parse(data.toString()) as WsServerMessage);
    for (const w of waiters.splice(0)) w();
  });
  return {
    messages,
    async until(predicate: (all: WsServerMessage[]) => boolean): Promise<void> {
      while (!predicate(messages)) await new Promise<void>((r) => waiters.push(r));
    },
  };
}

for (const mode of testModes()) {
  describe(`live channel (${mode})`, { timeout: 300_000 }, () => {
    let t: TestServer;
    let wsBase: string;
    let token: string;
    let own: TaskRecord;
    let foreign: TaskRecord;

    before(async () => {
      t = await createTestServer({ mode });
      wsBase = `${t.baseUrl.replace('http://', 'ws://')}/api/v1/ws`;
      const alice = await t.loginAs('user');
      const bob = await t.loginAs('user');
      token = alice.tokens.access_token;
      const p1 = await t.repos.projects.create({
        owner_id: alice.user.id,
        name: uniqueName('live'),
        source: 'git',
        repository_url: 'https://example.test/a.git',
      });
      const p2 = await t.repos.projects.create({
        owner_id: bob.user.id,
        name: uniqueName('live'),
        source: 'git',
        repository_url: 'https://example.test/b.git',
      });
      own = await t.repos.tasks.create({ project_id: p1.id, created_by: alice.user.id, name: 'mine' });
      foreign = await t.repos.tasks.create({ project_id: p2.id, created_by: bob.user.id, name: 'theirs' });
    });
    after(() => t?.stop());

    it('refuses missing, bad and expired tokens and foreign origins before upgrading', async () => {
      await assert.rejects(connect(wsBase), /status 401/);
      await assert.rejects(connect(`${wsBase}?token=not.a.valid-token`), /status 401/);
      await assert.rejects(
        connect(`${wsBase}?token=${token}`, { origin: 'https://evil.example' }),
        /status 403/,
      );
      t.clock.advance(2 * 3600_000);
      try {
        await assert.rejects(connect(`${wsBase}?token=${token}`), /status 401/);
      } finally {
        t.clock.reset();
      }
    });

    it('counts open connections in xcr_ws_connections', async () => {
      const gauge = async () => {
        const text = await (await fetch(`${t.baseUrl}/metrics`)).text();
        const line = text.split('\n').find((l) => l.startsWith('xcr_ws_connections '));
        assert.ok(line, 'xcr_ws_connections is exposed');
        return Number(line.split(' ')[1]);
      };
      const before = await gauge();
      const a = await connect(`${wsBase}?token=${token}`);
      const b = await connect(`${wsBase}?token=${token}`);
      assert.equal(await gauge(), before + 2);
      await Promise.all(
        [a, b].map(
          (ws) =>
            new Promise((r) => {
              ws.once('close', r);
              ws.close();
            }),
        ),
      );
      // The server sees the close frame shortly after the client does.
      for (let i = 0; i < 50 && (await gauge()) !== before; i += 1)
        await new Promise((r) => setTimeout(r, 20));
      assert.equal(await gauge(), before);
    });

    it('relays a task’s events published through the runtime’s pub/sub, and none of a task the user cannot see', async () => {
      const ws = await connect(`${wsBase}?token=${token}`);
      const box = inbox(ws);
      ws.send(JSON.stringify({ type: 'subscribe', data: { task_id: own.id } }));
      ws.send(JSON.stringify({ type: 'subscribe', data: { task_id: foreign.id } }));
      await box.until(
        (all) => all.some((m) => m.type === 'subscribed') && all.some((m) => m.type === 'error'),
      );
      // A publisher of its own, as a worker process would have.
      const events = createTaskEvents({ pubsub: t.running.runtime.pubsub });
      void events.progress({ task_id: foreign.id, status: 'running', progress: 5, current_step: 'hidden' });
      for (let i = 1; i <= 20; i += 1) {
        void events.progress({
          task_id: own.id,
          status: 'running',
          progress: i * 4,
          current_step: `file ${i}`,
        });
        void events.finding({
          task_id: own.id,
          finding: {
            fingerprint: `fp${i}`,
            file_path: 'a.ts',
            line_start: i,
            line_end: i,
            title: `f${i}`,
            severity: 'high',
            category: 'security',
            cwe: [89],
            rule_id: 'x',
            analyzer: 'rules',
            confidence: 0.9,
          },
        });
      }
      void events.completed({
        task_id: own.id,
        status: 'completed',
        total_issues: 20,
        critical_issues: 0,
        high_issues: 20,
        medium_issues: 0,
        low_issues: 0,
        info_issues: 0,
        quality_score: 50,
        duration_ms: 1000,
      });
      await box.until((all) => all.some((m) => m.type === 'task_completed'));
      const relayed = box.messages.filter((m) => m.type === 'task_progress' || m.type === 'finding');
      assert.equal(relayed.length, 40);
      assert.ok(relayed.every((m) => (m.data as { task_id: string }).task_id === own.id));
      assert.deepEqual(
        relayed
          .filter((m) => m.type === 'task_progress')
          .map((m) => (m.type === 'task_progress' ? m.data.progress : 0)),
        Array.from({ length: 20 }, (_, i) => (i + 1) * 4),
      );
      // Findings interleave with progress exactly as published.
      assert.deepEqual(
        relayed.slice(0, 4).map((m) => m.type),
        ['task_progress', 'finding', 'task_progress', 'finding'],
      );
      ws.close();
    });
  });
}
