import { z } from 'zod';
import { annotationSchema } from '@/lib/labels/annotation';
import { annotationIntentSchema } from '@/lib/labels/intent';
import type { Role } from '@/lib/auth/roles';
import type { ErrorBody } from '@/lib/errors/app-error';
import type { ProjectEvent } from '@/lib/events/project-event';
import { modelKindSchema } from '@/lib/schemas/project';

/**
 * The realtime protocol (docs/ARCHITECTURE.md, "Realtime"), the one file client and server share.
 * The client sends `req` messages, each answered by an ack; the server pushes `msg`
 * messages. Both are unions keyed on `type`. Annotations carry the per-project
 * sequence number (`seq`) of their commit; presence carries none (it is not data).
 * v2: a `msg` may be a batch of messages (ServerWireMessage), unpacked by lib/realtime/unpack.ts.
 */
export const PROTOCOL_VERSION = 2;

const idSchema = z.string().min(1).max(64);
const seqSchema = z.number().int().min(0);

// ---- shared shapes ---------------------------------------------------------------

export const predictionViewSchema = z.object({
  id: z.string(),
  modelVersionId: z.string(),
  kind: modelKindSchema,
  version: z.number().int(),
  /** In the project's label order. */
  probabilities: z.array(z.number()),
});
export type PredictionView = z.infer<typeof predictionViewSchema>;

export const claimViewSchema = z.object({
  claimId: z.string(),
  scanId: z.string(),
  userId: z.string(),
  userName: z.string(),
  expiresAt: z.string(),
});
export type ClaimView = z.infer<typeof claimViewSchema>;

/** One scan as one user may see it: with blinded true, rows are their own and there are no predictions. */
export const scanStateSchema = z.object({
  scanId: z.string(),
  /** The scan's file name (never patient data: names are de-identified at import). */
  title: z.string(),
  /** The project sequence this state is current at. */
  seq: seqSchema,
  readsPerScan: z.number().int(),
  readCount: z.number().int(),
  blinded: z.boolean(),
  rows: z.array(annotationSchema),
  predictions: z.array(predictionViewSchema),
  claim: claimViewSchema.nullable(),
});
export type ScanState = z.infer<typeof scanStateSchema>;

export const readSummarySchema = z.object({
  authorId: z.string(),
  authorName: z.string(),
  labels: z.array(z.string()),
});

/** A scan's labels at a glance (the grid): null reads/reference when blinded. */
export const scanSummarySchema = z.object({
  scanId: z.string(),
  /** The last sequence this summary reflects (0: none). */
  seq: seqSchema,
  readCount: z.number().int(),
  /** The user has a read of this scan (perhaps retracted since). */
  authored: z.boolean(),
  mine: z.array(z.string()).nullable(),
  reads: z.array(readSummarySchema).nullable(),
  reference: z.array(z.string()).nullable(),
  /** The head's sequence number of every chain this summary knows: events arrive in any order. */
  chains: z.record(z.string(), z.number().int()),
});
export type ScanSummary = z.infer<typeof scanSummarySchema>;

export const presenceEntrySchema = z.object({
  socketId: z.string(),
  userId: z.string(),
  name: z.string(),
  /** The scan open in that connection's viewer. */
  scanId: z.string().nullable(),
  /** Grows with every change of this entry: a late copy never wins over a newer one. */
  rev: z.number().int(),
});
export type PresenceEntry = z.infer<typeof presenceEntrySchema>;

export const windowLevelSchema = z.strictObject({
  width: z.number().finite().positive().max(1e6),
  center: z.number().finite().min(-1e6).max(1e6),
});

/** An annotation committed: in full, or redacted (annotation null) for a blinded user. */
export const annotationEventSchema = z.object({
  type: z.literal('annotation.created'),
  seq: z.number().int().positive(),
  scanId: z.string(),
  /** Current reads of the scan after this row. */
  readCount: z.number().int(),
  annotation: annotationSchema.nullable(),
});
export type AnnotationEvent = z.infer<typeof annotationEventSchema>;

export type CatchUp =
  /** lastSeq was null: the client loads what it needs itself. */
  | { kind: 'reset'; seq: number }
  /** Events after the client's sequence up to `upTo`; `more`: later ones remain, ask again from `upTo`. */
  | { kind: 'events'; events: AnnotationEvent[]; upTo: number; more?: boolean }
  | { kind: 'snapshot'; seq: number; scans: ScanSummary[] };

// ---- client -> server (validated by the server) -----------------------------------

export const clientMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('join'),
    v: z.number().int(),
    project: z.string().min(1).max(64),
    /** The contiguous sequence the client has seen; null: nothing yet. */
    lastSeq: seqSchema.nullable(),
    /** Whether the client keeps scan summaries (the grid): a client far behind then gets a snapshot. */
    summaries: z.boolean(),
  }),
  z.strictObject({ type: z.literal('leave') }),
  /** Opens a scan in the viewer (presence follows); resumeClaim: claim it again after a reconnect, if free. */
  z.strictObject({ type: z.literal('scan.open'), scanId: idSchema, resumeClaim: z.boolean() }),
  z.strictObject({ type: z.literal('scan.close') }),
  z.strictObject({ type: z.literal('scan.get'), scanId: idSchema }),
  z.strictObject({
    type: z.literal('annotation.submit'),
    idempotencyKey: z.string().min(8).max(64),
    scanId: idSchema,
    supersedesId: idSchema.nullable(),
    intent: annotationIntentSchema,
  }),
  z.strictObject({ type: z.literal('claim.next') }),
  z.strictObject({ type: z.literal('claim.release') }),
  z.strictObject({ type: z.literal('events.since'), lastSeq: seqSchema }),
  z.strictObject({ type: z.literal('presence.viewport'), scanId: idSchema, window: windowLevelSchema }),
]);
export type ClientMessage = z.infer<typeof clientMessageSchema>;
export type ClientMessageType = ClientMessage['type'];

export interface JoinResult {
  projectId: string;
  user: { id: string; name: string; role: Role };
  seq: number;
  catchUp: CatchUp;
}

export interface SubmitResult {
  annotation: AnnotationEvent;
  /** The scan's full state, when this submit lifted blind mode for the user. */
  revealed: ScanState | null;
}

/** What each request's ack carries when it succeeds. */
export interface ResponseMap {
  join: JoinResult;
  leave: null;
  'scan.open': ScanState;
  'scan.close': null;
  'scan.get': ScanState;
  'annotation.submit': SubmitResult;
  'claim.next': ClaimView | null;
  'claim.release': null;
  'events.since': CatchUp;
  'presence.viewport': null;
}

export type Ack<T> = { ok: true; data: T } | ErrorBody;
export type AckFor<K extends ClientMessageType> = Ack<ResponseMap[K]>;

// ---- server -> client -------------------------------------------------------------

export type ServerMessage =
  | AnnotationEvent
  /** Presence of some connections in the project (additive: several may follow a join). */
  | { type: 'presence.snapshot'; entries: PresenceEntry[] }
  | { type: 'presence.update'; entry: PresenceEntry }
  | { type: 'presence.leave'; socketId: string }
  /** Volatile: another viewer's window/level on a scan. */
  | { type: 'presence.viewport'; socketId: string; scanId: string; window: z.infer<typeof windowLevelSchema> }
  /** A project event from the trainer or the app (training progress, queue re-ranked, ...). */
  | { type: 'project.event'; event: ProjectEvent };

/**
 * What the server broadcast to a connection within one event-loop turn, in the order it
 * broadcast them (the order unbatched messages would have arrived in). A turn with one
 * message for a connection sends it alone, not as a batch.
 */
export interface ServerBatch {
  type: 'batch';
  messages: ServerMessage[];
}

/** What travels on `msg`: one message or a batch; every listener unpacks (lib/realtime/unpack.ts). */
export type ServerWireMessage = ServerMessage | ServerBatch;

// ---- Socket.IO typing -------------------------------------------------------------

export interface ClientToServerEvents {
  req: (msg: ClientMessage, ack: (res: Ack<unknown>) => void) => void;
}

export interface ServerToClientEvents {
  msg: (msg: ServerWireMessage) => void;
}
