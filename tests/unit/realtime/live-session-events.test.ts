import { afterEach, describe, expect, it } from 'vitest';
import { LiveSession, type LiveTransport, type ProjectEvent } from '@/lib/realtime/live-session';
import type { ServerMessage } from '@/lib/realtime/protocol';

/**
 * The client side of LiveSession.onProjectEvent over an in-memory transport (the port's own
 * adapter; docs/ARCHITECTURE.md, "Layers"): the server's messages are pushed as Socket.IO would deliver them.
 * The real socket path (NOTIFY → server → browser) is covered by tests/e2e/dashboard.spec.ts.
 */
function offlineTransport() {
  let deliver: (m: ServerMessage) => void = () => {};
  let closed = false;
  const transport: LiveTransport = {
    connected: false,
    id: null,
    request: () => Promise.reject(new Error('offline')),
    onMessage: (fn) => {
      deliver = fn;
    },
    onConnect: () => {},
    onDisconnect: () => {},
    close: () => {
      closed = true;
    },
  };
  return { transport, deliver: (m: ServerMessage) => deliver(m), closed: () => closed };
}

const project = {
  slug: 'p',
  labels: ['normal', 'bleed'],
  task: 'BINARY' as const,
  blindMode: false,
  readsPerScan: 2,
};
const sessions: LiveSession[] = [];
afterEach(() => sessions.splice(0).forEach((s) => s.dispose()));

function session() {
  const t = offlineTransport();
  const s = new LiveSession({ transport: t.transport, project });
  sessions.push(s);
  return { ...t, session: s };
}

const progress: ProjectEvent = { type: 'training.progress', trainingJobId: 'j1', kind: 'CNN', epoch: 2, epochs: 5 };
const ready: ProjectEvent = { type: 'explanation.ready', modelVersionId: 'v1', scanId: 's1', classIndex: -1 };

describe('LiveSession.onProjectEvent', () => {
  it('hands every listener each project event, in order, and nothing else', () => {
    const { session: s, deliver } = session();
    const a: ProjectEvent[] = [];
    const b: ProjectEvent[] = [];
    s.onProjectEvent((e) => a.push(e));
    s.onProjectEvent((e) => b.push(e));
    deliver({ type: 'project.event', event: progress });
    deliver({ type: 'presence.leave', socketId: 'x' });
    deliver({ type: 'project.event', event: ready });
    expect(a).toEqual([progress, ready]);
    expect(b).toEqual([progress, ready]);
  });

  it('the returned function unsubscribes that listener only', () => {
    const { session: s, deliver } = session();
    const a: string[] = [];
    const b: string[] = [];
    const stopA = s.onProjectEvent((e) => a.push(e.type));
    s.onProjectEvent((e) => b.push(e.type));
    deliver({ type: 'project.event', event: progress });
    stopA();
    deliver({ type: 'project.event', event: ready });
    expect(a).toEqual(['training.progress']);
    expect(b).toEqual(['training.progress', 'explanation.ready']);
  });

  it('a disposed session closes its transport and calls no listener again', () => {
    const { session: s, deliver, closed } = session();
    const seen: string[] = [];
    s.onProjectEvent((e) => seen.push(e.type));
    s.dispose();
    deliver({ type: 'project.event', event: progress });
    expect(seen).toEqual([]);
    expect(closed()).toBe(true);
  });
});

describe('LiveSession.prime', () => {
  const state = (scanId: string, title: string) => ({
    scanId,
    title,
    seq: 3,
    readsPerScan: 2,
    readCount: 0,
    blinded: false,
    rows: [],
    predictions: [],
    claim: null,
  });

  it('shows a state loaded ahead as soon as its scan opens, once', async () => {
    const { session: s } = session();
    s.prime(state('s1', 'one.dcm'));
    await s.open('s2');
    expect(s.getState().open).toEqual({ scanId: 's2', state: null });
    await s.open('s1');
    expect(s.getState().open?.state?.title).toBe('one.dcm');
    s.close();
    await s.open('s1');
    expect(s.getState().open).toEqual({ scanId: 's1', state: null });
  });

  it('keeps only the latest few', async () => {
    const { session: s } = session();
    for (let i = 0; i < 9; i++) s.prime(state(`s${i}`, `${i}.dcm`));
    await s.open('s0');
    expect(s.getState().open?.state).toBeNull();
    await s.open('s8');
    expect(s.getState().open?.state?.title).toBe('8.dcm');
  });
});
