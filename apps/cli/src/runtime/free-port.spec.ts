import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort, isPortFree, pickPort } from './free-port.js';
import { locateLocalServices } from './load-local-services.js';

function listen(port = 0): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

describe('free ports', () => {
  it('finds a port nobody listens on, and notices when someone does', async () => {
    const port = await findFreePort();
    expect(port).toBeGreaterThan(0);
    expect(await isPortFree(port)).toBe(true);
    const server = await listen(port);
    try {
      expect(await isPortFree(port)).toBe(false);
      const other = await pickPort(port);
      expect(other).not.toBe(port);
      expect(await isPortFree(other)).toBe(true);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(await pickPort(port)).toBe(port);
    expect(await pickPort(undefined)).toBeGreaterThan(0);
  });
});

describe('locateLocalServices', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'luodi-locate-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('finds the module beside the caller (sources, tests)', () => {
    expect(locateLocalServices()).toMatch(/apps[/\\]cli[/\\]src[/\\]runtime[/\\]local-services\.mjs$/);
  });

  it('finds the source tree from dist/apps/cli/src/runtime (built code)', () => {
    const src = join(root, 'apps', 'cli', 'src', 'runtime');
    const dist = join(root, 'dist', 'apps', 'cli', 'src', 'runtime');
    mkdirSync(src, { recursive: true });
    mkdirSync(dist, { recursive: true });
    writeFileSync(join(src, 'local-services.mjs'), 'export {};\n');
    expect(locateLocalServices(dist)).toBe(join(src, 'local-services.mjs'));
  });

  it('says where it looked when the module is missing', () => {
    const lonely = mkdtempSync(join(tmpdir(), 'luodi-locate-missing-'));
    try {
      expect(() => locateLocalServices(lonely)).toThrow(/Cannot find .*local-services\.mjs/);
    } finally {
      rmSync(lonely, { recursive: true, force: true });
    }
  });
});
