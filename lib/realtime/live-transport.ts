import type { LabelSet } from '@/lib/labels/label-set';
import type { AckFor, ClientMessage, ClientMessageType, ServerMessage } from './protocol';

/**
 * The port a LiveSession talks through (docs/ARCHITECTURE.md, "Layers"): Socket.IO in the browser,
 * tests and benches provide their own adapter. `request` rejects when offline or when
 * no ack comes in time; it never queues a message for later (the outbox does that).
 */
export interface LiveTransport {
  readonly connected: boolean;
  readonly id: string | null;
  request<K extends ClientMessageType>(msg: Extract<ClientMessage, { type: K }>, timeoutMs: number): Promise<AckFor<K>>;
  onMessage(fn: (m: ServerMessage) => void): void;
  onConnect(fn: () => void): void;
  onDisconnect(fn: () => void): void;
  close(): void;
}

export interface LiveProject extends LabelSet {
  slug: string;
  blindMode: boolean;
  readsPerScan: number;
  /** Labels a lead retired: old reads keep them, new reads cannot choose them. */
  retiredLabels?: readonly string[];
}

/** The fields of a project a LiveSession needs (a Project row has them all). */
export function toLiveProject(p: LiveProject): LiveProject {
  return {
    slug: p.slug,
    labels: p.labels,
    task: p.task,
    blindMode: p.blindMode,
    readsPerScan: p.readsPerScan,
    retiredLabels: p.retiredLabels ?? [],
  };
}

/** A random key for an edit: a replay with the same key is committed at most once. */
export function newIdempotencyKey(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
