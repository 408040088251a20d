// tcpSocket probe (kubelet's pkg/probe/tcp): success when a TCP connection
// to host:port opens within the timeout; the connection is closed at once.
import { connect } from 'node:net';
import type { ProbeOutcome } from './types.js';

export function probeTcp(host: string, port: number, timeoutMs: number): Promise<ProbeOutcome> {
  const addr = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  return new Promise((resolve) => {
    let done = false;
    const finish = (o: ProbeOutcome) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      resolve(o);
    };
    const sock = connect({ host, port });
    // A timeout is a failure, not an error (the container did not answer in time).
    const timer = setTimeout(() => finish({ result: 'failure', output: `dial tcp ${addr}: i/o timeout` }), timeoutMs);
    sock.once('connect', () => finish({ result: 'success', output: '' }));
    sock.once('error', (e: NodeJS.ErrnoException) =>
      finish({ result: 'failure', output: `dial tcp ${addr}: connect: ${describe(e)}` }),
    );
  });
}

function describe(e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'EHOSTUNREACH':
      return 'no route to host';
    case 'ENETUNREACH':
      return 'network is unreachable';
    default:
      return e.message;
  }
}
