/**
 * Which sequence numbers a client has seen. Events can arrive out of order (two
 * servers, two pool connections), so the client tracks the highest number below which
 * it has seen everything: that is what it asks to catch up from.
 */
export interface SeqWindow {
  /** Every seq <= contiguous has been seen. */
  contiguous: number;
  /** Seen numbers above contiguous + 1 (a gap below them), ascending. */
  ahead: number[];
}

export const seqWindowAt = (seq: number): SeqWindow => ({ contiguous: seq, ahead: [] });

export function seeSeq(w: SeqWindow, seq: number): SeqWindow {
  if (seq <= w.contiguous || w.ahead.includes(seq)) return w;
  const ahead = [...w.ahead, seq].sort((a, b) => a - b);
  let contiguous = w.contiguous;
  while (ahead.length && ahead[0] === contiguous + 1) contiguous = ahead.shift() as number;
  return { contiguous, ahead };
}

/** Everything up to `seq` is known (a catch-up answered up to there). */
export function advanceSeq(w: SeqWindow, seq: number): SeqWindow {
  if (seq <= w.contiguous) return w;
  let contiguous = seq;
  const ahead = w.ahead.filter((s) => s > seq);
  while (ahead.length && ahead[0] === contiguous + 1) contiguous = ahead.shift() as number;
  return { contiguous, ahead };
}

export const hasGap = (w: SeqWindow): boolean => w.ahead.length > 0;
