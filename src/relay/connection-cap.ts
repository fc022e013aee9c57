/**
 * A per-address connection cap for a Node server (`RELAY_MAX_CONNECTIONS_PER_ADDRESS`): one client must not fill
 * the server's whole connection cap (`RELAY_MAX_CONNECTIONS`) and lock every other shopper out. Addresses are
 * grouped like the per-client limit (IPv6 by /64: limits.ts), so rotating addresses within one prefix gains
 * nothing. A connection over the cap is closed at once, before any byte is read.
 */
import type { Server } from 'node:net';
import { addressKey } from './limits.js';

/** Default connections at once per client address (IPv6 by /64). */
export const DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 32;

/**
 * Counts `server`'s open connections per address and destroys any connection past `max` for its address.
 * `onRefused` hears each refusal (for a log line). Returns the live count of an address (for tests and metrics).
 */
export function capConnectionsPerAddress(
  server: Server,
  max: number,
  onRefused: (address: string) => void = () => {},
): (address: string) => number {
  const open = new Map<string, number>();
  server.on('connection', (socket) => {
    const key = addressKey(socket.remoteAddress) ?? 'unknown';
    const count = (open.get(key) ?? 0) + 1;
    if (count > max) {
      onRefused(key);
      socket.destroy();
      return;
    }
    open.set(key, count);
    socket.once('close', () => {
      const left = (open.get(key) ?? 1) - 1;
      if (left <= 0) open.delete(key);
      else open.set(key, left);
    });
  });
  return (address) => open.get(addressKey(address) ?? 'unknown') ?? 0;
}
