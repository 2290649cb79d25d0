import { afterAll, beforeAll } from 'vitest';
import type { AppServer } from '@/server/app-server';
import type { Db } from '@/server/db/client';
import type { SessionUser } from '@/lib/auth/roles';
import type { ClientSocket } from '@/components/labeling/socket-transport';
import { createTestDatabase, type TestDatabase } from './test-db';
import { startTestServer } from './test-server';
import { connectAs, Inbox, join } from './realtime-client';

/**
 * A fresh database and `servers` real app servers (Socket.IO, no Next) for one test
 * file, torn down after it, with what the file's tests opened.
 */
export function realtimeHarness(opts: { servers?: number; env?: Record<string, string> } = {}) {
  let tdb: TestDatabase | null = null;
  let servers: AppServer[] = [];
  const cleanup: (() => unknown)[] = [];
  beforeAll(async () => {
    tdb = await createTestDatabase();
    const url = tdb.url;
    servers = await Promise.all(Array.from({ length: opts.servers ?? 1 }, () => startTestServer(url, opts.env)));
  });
  afterAll(async () => {
    for (const fn of cleanup.reverse()) await fn();
    await Promise.all(servers.map((s) => s.close()));
    await tdb?.drop();
  });
  const h = {
    get db(): Db {
      if (!tdb) throw new Error('the harness is not up (use it inside tests)');
      return tdb.db;
    },
    get databaseUrl(): string {
      return tdb?.url ?? '';
    },
    get url(): string {
      return servers[0].url;
    },
    server: (i: number): AppServer => servers[i],
    /** Runs after the file's tests, before the servers stop. */
    onCleanup(fn: () => unknown): void {
      cleanup.push(fn);
    },
    /** A connected socket as `user` (to server `on`), closed after the file. */
    async socket(user: SessionUser | null, on = 0): Promise<ClientSocket> {
      const s = await connectAs(servers[on].url, user);
      cleanup.push(() => s.disconnect());
      return s;
    },
    /** A socket joined to a project, with an inbox of what it receives. */
    async joined(user: SessionUser, slug: string, on = 0) {
      const socket = await h.socket(user, on);
      const inbox = new Inbox(socket);
      const info = await join(socket, slug);
      return { socket, inbox, info };
    },
  };
  return h;
}
