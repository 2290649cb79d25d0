import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** Debian's packages (`apt-get install orthanc orthanc-dicomweb`); .ci/run installs them. */
export const ORTHANC_BIN = process.env.ORTHANC_BIN ?? '/usr/sbin/Orthanc';
export const DICOMWEB_PLUGIN =
  process.env.ORTHANC_DICOMWEB_PLUGIN ?? '/usr/share/orthanc/plugins/libOrthancDicomWeb.so';

export interface TestOrthanc {
  /** http://127.0.0.1:PORT */
  url: string;
  /** The DICOMweb root: http://127.0.0.1:PORT/dicom-web */
  dicomWebUrl: string;
  /** STOW-RS of Part 10 files (one multipart request); returns the HTTP status. */
  stow(files: Uint8Array[]): Promise<number>;
  stop(): Promise<void>;
}

/** Why Orthanc cannot run here, or null when it can (tests skip loudly with this reason). */
export function orthancMissingReason(): string | null {
  if (!existsSync(ORTHANC_BIN))
    return `Orthanc is not installed (${ORTHANC_BIN}): apt-get install orthanc orthanc-dicomweb`;
  if (!existsSync(DICOMWEB_PLUGIN))
    return `Orthanc's DICOMweb plugin is missing (${DICOMWEB_PLUGIN}): apt-get install orthanc-dicomweb`;
  return null;
}

/**
 * A real Orthanc with its DICOMweb plugin on free ports, storing into a temporary folder that
 * stop() removes. Optional basic-auth user for credential tests.
 */
export async function startTestOrthanc(opts: { user?: { name: string; password: string } } = {}): Promise<TestOrthanc> {
  const missing = orthancMissingReason();
  if (missing) throw new Error(missing);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nl-orthanc-'));
  const httpPort = await freePort();
  const dicomPort = await freePort();
  const config = {
    Name: 'NEUROLOOP-TEST',
    StorageDirectory: path.join(dir, 'storage'),
    IndexDirectory: path.join(dir, 'index'),
    HttpPort: httpPort,
    DicomPort: dicomPort,
    RemoteAccessAllowed: false,
    AuthenticationEnabled: Boolean(opts.user),
    RegisteredUsers: opts.user ? { [opts.user.name]: opts.user.password } : {},
    HttpTimeout: 60,
    StableAge: 1,
    Plugins: [DICOMWEB_PLUGIN],
    DicomWeb: { Enable: true, Root: '/dicom-web/', EnableWado: false, StudiesMetadata: 'Full', SeriesMetadata: 'Full' },
  };
  const configFile = path.join(dir, 'orthanc.json');
  writeFileSync(configFile, JSON.stringify(config));
  const child = spawn(ORTHANC_BIN, [configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const url = `http://127.0.0.1:${httpPort}`;
  const auth = opts.user
    ? { authorization: `Basic ${Buffer.from(`${opts.user.name}:${opts.user.password}`).toString('base64')}` }
    : undefined;
  try {
    await waitUntilServing(`${url}/system`, child, auth, () => stderr);
  } catch (e) {
    await stopChild(child);
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    url,
    dicomWebUrl: `${url}/dicom-web`,
    async stow(files) {
      const boundary = `nl-${Date.now().toString(36)}`;
      const parts: Buffer[] = [];
      for (const f of files) {
        parts.push(
          Buffer.from(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`),
          Buffer.from(f),
          Buffer.from('\r\n'),
        );
      }
      parts.push(Buffer.from(`--${boundary}--\r\n`));
      const res = await fetch(`${url}/dicom-web/studies`, {
        method: 'POST',
        headers: {
          ...auth,
          'content-type': `multipart/related; type="application/dicom"; boundary=${boundary}`,
          accept: 'application/dicom+json',
        },
        body: Buffer.concat(parts),
      });
      await res.arrayBuffer();
      return res.status;
    },
    async stop() {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitUntilServing(
  url: string,
  child: ChildProcess,
  headers: Record<string, string> | undefined,
  stderr: () => string,
): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Orthanc exited (${child.exitCode}): ${stderr()}`);
    try {
      const res = await fetch(url, { headers });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Orthanc did not serve within 30 s: ${stderr()}`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** A port nothing listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** Orthanc's version line, for skip messages and reports. */
export function orthancVersion(): string {
  const r = spawnSync(ORTHANC_BIN, ['--version'], { encoding: 'utf8' });
  return r.stdout.split('\n')[0] ?? 'unknown';
}
