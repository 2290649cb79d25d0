import type { PresenceEntry } from './protocol';

/** Presence as a client holds it: entries by connection, and connections known to have left. */
export interface PresenceState {
  entries: Record<string, PresenceEntry>;
  /** Recently departed connections: a late copy of their entry must not bring them back. */
  departed: string[];
}

const MAX_DEPARTED = 500;

export const emptyPresence: PresenceState = { entries: {}, departed: [] };

export function upsertPresence(p: PresenceState, entry: PresenceEntry): PresenceState {
  if (p.departed.includes(entry.socketId)) return p;
  const current = p.entries[entry.socketId];
  if (current && current.rev >= entry.rev) return p;
  return { ...p, entries: { ...p.entries, [entry.socketId]: entry } };
}

export function removePresence(p: PresenceState, socketId: string): PresenceState {
  const { [socketId]: _gone, ...entries } = p.entries;
  return { entries, departed: [...p.departed.slice(-(MAX_DEPARTED - 1)), socketId] };
}

export interface PresentUser {
  userId: string;
  name: string;
  color: string;
}

/** Who is on each scan (one avatar per user however many tabs), excluding `exceptSocketId`. */
export function usersByScan(p: PresenceState, exceptSocketId: string | null): Map<string, PresentUser[]> {
  const out = new Map<string, PresentUser[]>();
  for (const e of Object.values(p.entries)) {
    if (e.socketId === exceptSocketId || !e.scanId) continue;
    const list = out.get(e.scanId) ?? [];
    if (!list.some((u) => u.userId === e.userId))
      list.push({ userId: e.userId, name: e.name, color: presenceColor(e.userId) });
    out.set(e.scanId, list);
  }
  return out;
}

/** Everyone in the project, once each. */
export function usersInProject(p: PresenceState): PresentUser[] {
  const seen = new Map<string, PresentUser>();
  for (const e of Object.values(p.entries)) {
    if (!seen.has(e.userId)) seen.set(e.userId, { userId: e.userId, name: e.name, color: presenceColor(e.userId) });
  }
  return [...seen.values()].sort((a, b) => a.name.localeCompare(b.name));
}

const palette = [
  '#0ea5e9',
  '#f97316',
  '#22c55e',
  '#e11d48',
  '#a855f7',
  '#eab308',
  '#14b8a6',
  '#f43f5e',
  '#6366f1',
  '#84cc16',
];

/** A stable colour per user, the same in every client. */
export function presenceColor(userId: string): string {
  let h = 2166136261;
  for (let i = 0; i < userId.length; i++) h = Math.imul(h ^ userId.charCodeAt(i), 16777619);
  return palette[(h >>> 0) % palette.length];
}
