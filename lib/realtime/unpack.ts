import type { ServerMessage, ServerWireMessage } from './protocol';

/**
 * A `msg` listener that hands `fn` the single messages of what arrived, in order: a
 * batch (protocol v2) is opened, a lone message passed on. Every client that listens to
 * `msg` (the app's transport, tests, benches) goes through this.
 */
export function eachServerMessage(fn: (m: ServerMessage) => void): (wire: ServerWireMessage) => void {
  return (wire) => {
    if (wire.type !== 'batch') return fn(wire);
    for (const m of wire.messages) fn(m);
  };
}
