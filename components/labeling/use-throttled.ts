'use client';

import { useEffect, useRef } from 'react';

/** A callback that runs at most once per `intervalMs`, always with the latest arguments. */
export function useThrottled<A extends unknown[]>(
  fn: (...args: A) => unknown,
  intervalMs: number,
): (...args: A) => void {
  const latest = useRef(fn);
  useEffect(() => {
    latest.current = fn;
  });
  const state = useRef<{ last: number; timer: ReturnType<typeof setTimeout> | null; args: A | null }>({
    last: 0,
    timer: null,
    args: null,
  });
  useEffect(
    () => () => {
      const t = state.current.timer;
      if (t) clearTimeout(t);
    },
    [],
  );
  return (...args: A) => {
    const s = state.current;
    s.args = args;
    if (s.timer) return;
    const wait = Math.max(0, s.last + intervalMs - Date.now());
    s.timer = setTimeout(() => {
      s.timer = null;
      s.last = Date.now();
      if (s.args) latest.current(...s.args);
    }, wait);
  };
}
