import type { Inventory } from '../../../src-shared/schemas/inventory';

/** llama-server's port when none is given (llama-server-protocol.md: --port, default 8080). */
const llamaServerDefaultPort = 8080;

function urlPort(url: string): number {
  const parsed = new URL(url);
  if (parsed.port !== '') return Number(parsed.port);
  return parsed.protocol === 'https:' ? 443 : 80;
}

/**
 * The inventory with its llama-server kept only when it is the endpoint's: the inventory takes
 * the first llama-server process it finds on the host, and a host often runs several (one per
 * GPU, a test instance beside production). A process whose --port is not the URL's is another
 * server: its flags and threads would be pinned on this one, so it is left out, with a warning
 * that says so. A server behind a proxy or in a container with a mapped port cannot be matched
 * by port and is left out the same way (its flags are then read through the launch method).
 */
export function inventoryOfEndpoint(inventory: Inventory, url: string): Inventory {
  const server = inventory.server;
  if (server === null) return inventory;
  const flagged = server.config?.config?.flags.port;
  const port = typeof flagged === 'number' ? flagged : llamaServerDefaultPort;
  const wanted = urlPort(url);
  if (port === wanted) return inventory;
  const warning = `The llama-server found on ${inventory.host} (pid ${server.pid}, port ${port}) is not this endpoint's (port ${wanted}): its flags, process and container limits are left out of the diagnosis.`;
  // The cgroup and container were read for that process too.
  return { ...inventory, server: null, cgroup: null, container: null, warnings: [...inventory.warnings, warning] };
}
