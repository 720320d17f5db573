// "The endpoint" of a highly available database in tests: a TCP proxy on loopback that
// passes each connection on to the port it targets now, as HAProxy in front of
// Patroni does. Moving the target changes where new connections go; connections
// already made stay where they are until they are dropped (HAProxy's
// `on-marked-down shutdown-sessions` does that, a proxy without it does not).
import { connect, createServer, type Socket } from 'node:net';

export interface TcpProxy {
  port: number;
  /** New connections go to `port` from now on. */
  retarget(port: number): void;
  /** Cuts every connection made so far, on both sides. */
  dropConnections(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  let target = targetPort;
  const open = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(target, '127.0.0.1');
    const pair = [client, upstream];
    // A side that closes or fails takes the other with it, as a broken route would.
    const cut = () => {
      for (const socket of pair) {
        socket.destroy();
        open.delete(socket);
      }
    };
    for (const socket of pair) {
      open.add(socket);
      socket.on('error', cut);
      socket.on('close', cut);
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    retarget(port) {
      target = port;
    },
    dropConnections() {
      for (const socket of open) socket.destroy();
      open.clear();
    },
    close() {
      for (const socket of open) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
