import net from 'node:net';

/**
 * A TCP relay to `target` on a free local port, which a test can cut (every connection
 * dropped, new ones refused) and restore: PostgreSQL going away and coming back, as the
 * app sees it, without stopping the shared test server.
 */
export async function startTcpProxy(target: { host: string; port: number }) {
  const open = new Set<net.Socket>();
  let server: net.Server | null = null;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = net.createServer((client) => {
        const upstream = net.connect(target.port, target.host);
        for (const sock of [client, upstream]) {
          open.add(sock);
          sock.on('close', () => open.delete(sock));
          sock.on('error', () => sock.destroy());
        }
        client.pipe(upstream).pipe(client);
      });
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        const address = s.address();
        port = typeof address === 'object' && address ? address.port : port;
        server = s;
        resolve();
      });
    });
  await listen();
  return {
    get port() {
      return port;
    },
    /** Drops every connection and refuses new ones. */
    async cut(): Promise<void> {
      const s = server;
      server = null;
      for (const sock of open) sock.destroy();
      if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
    },
    /** Accepts connections again, on the same port. */
    restore: listen,
    close(): Promise<void> {
      return this.cut();
    },
  };
}
