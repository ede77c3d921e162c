import net from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 in front of a real service, for fault tests: `pause()` drops every connection and
 * refuses new ones (the service looks down), `resume()` lets traffic through again. The service itself is never
 * touched, so other tests using it are unaffected.
 */
export interface TcpProxy {
  port: number;
  pause(): void;
  resume(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let isPaused = false;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    if (isPaused) {
      client.destroy();
      return;
    }
    const upstream = net.connect(target.port, target.host);
    sockets.add(client);
    sockets.add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as net.AddressInfo;
  return {
    port: address.port,
    pause() {
      isPaused = true;
      for (const s of sockets) s.destroy();
      sockets.clear();
    },
    resume() {
      isPaused = false;
    },
    close() {
      isPaused = true;
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
