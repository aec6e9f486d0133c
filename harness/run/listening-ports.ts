// The TCP ports a process listens on, read from Linux's /proc: the socket inodes among its open
// file descriptors (/proc/<pid>/fd), matched against the LISTEN entries of its network
// namespace's tables (/proc/<pid>/net/tcp and tcp6). Only what this machine can reach over
// loopback: sockets bound to a loopback or to the any-address.
//
// Null when it cannot be told (not Linux, no such process, or its fds are not ours to read).

import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { endianness } from 'node:os';

export interface ListeningPort {
  /** Where to reach it from here: 127.0.0.1 or ::1. */
  host: '127.0.0.1' | '::1';
  port: number;
}

/** TCP_LISTEN in the `st` column. */
const LISTEN = '0A';

/**
 * The 4-byte words of an address in /proc/net/tcp{,6} as bytes in network order. The kernel
 * prints each 32-bit word of the address as the host stores it (`%08X` of a __be32), so on a
 * little-endian machine every group of 8 hex digits is byte-reversed.
 */
function addressBytes(hex: string): number[] {
  const bytes: number[] = [];
  for (let word = 0; word < hex.length; word += 8) {
    const group = [0, 2, 4, 6].map((at) => parseInt(hex.slice(word + at, word + at + 2), 16));
    bytes.push(...(endianness() === 'LE' ? group.reverse() : group));
  }
  return bytes;
}

/** Where a socket bound to this address is reached from here, or null (another interface only). */
export function reachableHost(hex: string): ListeningPort['host'] | null {
  const bytes = addressBytes(hex);
  if (bytes.length === 4) return bytes[0] === 127 || bytes.every((b) => b === 0) ? '127.0.0.1' : null;
  if (bytes.length !== 16) return null;
  const zeros = (from: number, to: number) => bytes.slice(from, to).every((b) => b === 0);
  // :: and ::1
  if (zeros(0, 15) && bytes[15] <= 1) return '::1';
  // ::ffff:a.b.c.d, IPv4 on an IPv6 socket
  if (zeros(0, 10) && bytes[10] === 0xff && bytes[11] === 0xff) return bytes[12] === 127 || zeros(12, 16) ? '127.0.0.1' : null;
  return null;
}

/** The socket inodes among a process's open file descriptors; throws when they cannot be read. */
function socketInodes(pid: number): Set<string> {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match) inodes.add(match[1]);
    } catch {
      // Closed meanwhile.
    }
  }
  return inodes;
}

/**
 * The TCP ports process `pid` listens on that are reachable over loopback, by port; null when
 * /proc cannot tell (not Linux, no such process, permission denied).
 */
export function listeningPorts(pid: number): ListeningPort[] | null {
  if (process.platform !== 'linux' || !Number.isInteger(pid) || pid <= 0) return null;
  let inodes: Set<string>;
  try {
    inodes = socketInodes(pid);
  } catch {
    return null;
  }
  const found = new Map<string, ListeningPort>();
  let tablesRead = 0;
  for (const table of ['tcp', 'tcp6']) {
    let text: string;
    try {
      text = readFileSync(`/proc/${pid}/net/${table}`, 'utf8');
      tablesRead++;
    } catch {
      continue; // No IPv6 in this kernel, say.
    }
    for (const line of text.split('\n').slice(1)) {
      // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10 || cols[3] !== LISTEN || !inodes.has(cols[9])) continue;
      const [addressHex, portHex] = cols[1].split(':');
      const host = reachableHost(addressHex);
      const port = parseInt(portHex, 16);
      if (host && port > 0) found.set(`${host} ${port}`, { host, port });
    }
  }
  if (tablesRead === 0) return null;
  return [...found.values()].sort((a, b) => a.port - b.port || a.host.localeCompare(b.host));
}
