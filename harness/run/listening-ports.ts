// The TCP ports a process listens on, read from Linux's /proc: the socket inodes among its open
// file descriptors (/proc/<pid>/fd), matched against the LISTEN entries of its network
// namespace's tables (/proc/<pid>/net/tcp and tcp6). Each with the address to reach it at: a
// socket bound to the any-address (0.0.0.0, ::) over loopback, one bound to a specific address
// (127.0.0.2, 192.0.2.2, fd00::2) at that address. A process can be told to open its inspector
// on any of them (--inspect-port=192.0.2.2:0), so none is left out. IPv6 link-local addresses
// (fe80::/10) are the exception: they cannot be reached without naming an interface, which
// /proc does not give and a ws: URL cannot carry.
//
// Null when it cannot be told (not Linux, no such process, or its fds are not ours to read).

import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { endianness } from 'node:os';

export interface ListeningPort {
  /** Where to reach it from here: 127.0.0.1 or ::1 for the any-address, else the address it is bound to (IPv6 without brackets). */
  host: string;
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

/** Where a socket bound to this address is reached from here; null for an IPv6 link-local address or a malformed one. */
export function reachableHost(hex: string): string | null {
  if (!/^(?:[0-9A-Fa-f]{8}|[0-9A-Fa-f]{32})$/.test(hex)) return null;
  const bytes = addressBytes(hex);
  const zeros = (from: number, to: number) => bytes.slice(from, to).every((b) => b === 0);
  const ipv4 = (from: number) => (zeros(from, from + 4) ? '127.0.0.1' : bytes.slice(from, from + 4).join('.'));
  if (bytes.length === 4) return ipv4(0);
  // ::ffff:a.b.c.d, IPv4 on an IPv6 socket
  if (zeros(0, 10) && bytes[10] === 0xff && bytes[11] === 0xff) return ipv4(12);
  // ::
  if (zeros(0, 16)) return '::1';
  if (bytes[0] === 0xfe && (bytes[1] & 0xc0) === 0x80) return null;
  const groups = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] << 8) | bytes[i + 1]).toString(16));
  // The URL parser writes it the short way (fd00::2), as a ws: URL from the inspector will.
  return new URL(`http://[${groups.join(':')}]/`).hostname.slice(1, -1);
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
 * The TCP ports process `pid` listens on, each with the address to reach it at, by port; null when
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
