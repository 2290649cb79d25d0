import { planBatches, type RoomBroadcast } from './batch-plan';
import type { IoServer } from './socket-types';

/** Broadcasts per frame at most: under any load a batch stays a few dozen messages. */
const MAX_PER_FLUSH = 64;

/**
 * Coalesces the room broadcasts this server sends to its own connections within one
 * event-loop turn (annotations, project events, presence changes) into one frame per
 * connection, flushed on setImmediate: under load a hundred labels a second become a few
 * frames per connection instead of one write each, while a lone label leaves at the end
 * of the turn that committed it, not later. Order is kept: per connection, messages
 * arrive in the order they were sent, within and across frames. Volatile viewport
 * presence is not batched.
 */
export class BroadcastBatcher {
  private queue: RoomBroadcast[] = [];
  private scheduled: NodeJS.Immediate | null = null;
  private waiting: (() => void)[] = [];
  private riders: (() => void)[] = [];

  constructor(private readonly io: IoServer) {}

  send(b: RoomBroadcast): void {
    this.queue.push(b);
    this.scheduled ??= setImmediate(() => this.flush());
  }

  /**
   * Runs `ride` at the start of the next flush, whatever queues that flush, so that what
   * it sends leaves in the same frames: messages that can wait a little (presence) ride
   * on the frames that go anyway instead of costing every connection a frame of their
   * own. It does not schedule a flush: the rider keeps its own deadline.
   */
  rideNextFlush(ride: () => void): void {
    this.riders.push(ride);
  }

  /**
   * Resolves once what is queued now has been written: work that can wait (an ack, the
   * author's revealed state) runs after the broadcast instead of before it.
   */
  afterFlush(): Promise<void> {
    if (!this.scheduled) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Writes what is queued now (also before the server closes). */
  flush(): void {
    const riders = this.riders;
    this.riders = [];
    for (const ride of riders) ride();
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = null;
    const queue = this.queue;
    this.queue = [];
    for (let i = 0; i < queue.length; i += MAX_PER_FLUSH) this.write(queue.slice(i, i + MAX_PER_FLUSH));
    const waiting = this.waiting;
    this.waiting = [];
    for (const resolve of waiting) resolve();
  }

  private write(queue: RoomBroadcast[]): void {
    const local = this.io.local;
    if (queue.length === 1) {
      // The common case at low load: a plain room broadcast, as without batching.
      const [b] = queue;
      local
        .to([...b.rooms])
        .except([...(b.except ?? [])])
        .emit('msg', b.msg);
      return;
    }
    // Every connection is in the room named by its id.
    for (const w of planBatches(queue, this.io.of('/').adapter.rooms)) local.to(w.socketIds).emit('msg', w.wire);
  }
}
