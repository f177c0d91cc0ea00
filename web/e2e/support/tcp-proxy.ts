// A TCP proxy between the page and the server, for cutting the path while the server
// keeps running. Modes:
//   pass            forward everything
//   cut             drop every open connection and refuse new ones (reset at once)
//   block-upgrades  answer 403 to a request that asks for `Upgrade: websocket`,
//                   forward everything else (a network that refuses WebSockets)
//   stall-upgrades  hold such a request without an answer (an upgrade that hangs)
import { connect, createServer, type Server, type Socket } from 'node:net';

export type ProxyMode = 'pass' | 'cut' | 'block-upgrades' | 'stall-upgrades';

export class TcpProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private mode: ProxyMode = 'pass';
  upgradesRefused = 0;

  constructor(readonly port: number, private readonly targetPort: number) {}

  async start(): Promise<void> {
    const server = createServer((client) => { this.accept(client); });
    this.server = server;
    await new Promise<void>((ready, fail) => {
      server.once('error', fail);
      server.listen(this.port, '127.0.0.1', () => { ready(); });
    });
  }

  /** Drops every connection and refuses new ones until restore(). */
  cut(): void {
    this.mode = 'cut';
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  restore(): void {
    this.mode = 'pass';
  }

  blockUpgrades(): void {
    this.mode = 'block-upgrades';
  }

  stallUpgrades(): void {
    this.mode = 'stall-upgrades';
  }

  async close(): Promise<void> {
    this.cut();
    const server = this.server;
    if (server) await new Promise<void>((done) => server.close(() => { done(); }));
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  }

  private accept(client: Socket): void {
    if (this.mode === 'cut') {
      client.resetAndDestroy();
      return;
    }
    this.track(client);
    if (this.mode === 'pass') {
      this.forward(client, Buffer.alloc(0));
      return;
    }
    // block-/stall-upgrades: read the request head first, then decide.
    const mode = this.mode;
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      if (!head.includes('\r\n\r\n') && head.length < 65536) return;
      client.off('data', onData);
      client.pause();
      if (/^upgrade:\s*websocket/im.test(head.toString('latin1'))) {
        this.upgradesRefused += 1;
        if (mode === 'stall-upgrades') return; // never answered
        client.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
        return;
      }
      this.forward(client, head);
    };
    client.on('data', onData);
  }

  private forward(client: Socket, head: Buffer): void {
    const upstream = connect(this.targetPort, '127.0.0.1');
    this.track(upstream);
    upstream.once('connect', () => {
      if (head.length > 0) upstream.write(head);
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
    });
    client.once('close', () => upstream.destroy());
    upstream.once('close', () => client.destroy());
  }
}
