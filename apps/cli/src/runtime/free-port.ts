import { loadLocalServices } from './load-local-services.js';

/** A TCP port the OS reports free on host right now (bind to 0, read, release). */
export async function findFreePort(host = '127.0.0.1'): Promise<number> {
  return (await loadLocalServices()).findFreePort(host);
}

/** True when nothing listens on host:port. */
export async function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return (await loadLocalServices()).isPortFree(port, host);
}

/** `preferred` when it is free, else a fresh free port. */
export async function pickPort(preferred: number | undefined, host = '127.0.0.1'): Promise<number> {
  return (await loadLocalServices()).pickPort(preferred, host);
}
