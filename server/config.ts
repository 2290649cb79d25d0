import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';

/**
 * The one typed configuration object (docs/ARCHITECTURE.md, "Configuration and logs"): zod over the environment
 * and defaults, read once by loadConfig() and passed down. Nothing else reads process.env.
 */
export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** A PostgreSQL URL; when absent an embedded PostgreSQL is started in DATA_DIR/postgres. */
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().default('.data'),
  /** Content-addressed originals, previews, thumbnails, model artifacts. */
  STORAGE_DIR: z.string().optional(),
  EMBEDDED_PG_PORT: z.coerce.number().int().default(54329),
  NEXTAUTH_URL: z.string().url().optional(),
  NEXTAUTH_SECRET: z.string().min(16).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** pretty: one readable line per record; json: pino's JSON lines. Unset: pretty on a terminal, else json. */
  LOG_FORMAT: z.enum(['pretty', 'json']).optional(),
  /** Max pixels (width*height*frames) an imported image may decode to (decompression bombs). */
  IMPORT_MAX_PIXELS: z.coerce
    .number()
    .int()
    .positive()
    .default(64 * 1024 * 1024),
  /** Decode worker threads for imports (default: the cores available; 0 decodes on the server's main thread). */
  IMPORT_WORKERS: z.coerce.number().int().min(0).max(64).optional(),
  /**
   * How far the server's JavaScript heap may grow above what its last full collection kept, in
   * percent (server/process/heap-growth.ts); 0 leaves V8's own growth (up to 4x).
   */
  HEAP_GROWTH_PERCENT: z.coerce.number().int().min(0).max(1_000).default(50),
  /** Largest upload the import page accepts in one request: bytes actually read, chunked or not. */
  IMPORT_MAX_UPLOAD_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(2 * 1024 * 1024 * 1024),
  /** Files in one upload at most. */
  IMPORT_MAX_FILES: z.coerce.number().int().positive().default(20_000),
  /** Imports (uploads and their decoding) the server runs at once; more are refused with 429. */
  IMPORT_MAX_CONCURRENT: z.coerce.number().int().min(1).max(64).default(2),
  /** Request bodies of every other route (JSON): bytes actually read. */
  API_MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(1024 * 1024),
  /** Request bodies of the sign-in endpoints (/api/auth/*), which anyone may call. */
  AUTH_MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(64 * 1024),
  /** Events one catch-up answer carries at most; a client further behind asks again for the next page. */
  CATCH_UP_PAGE_EVENTS: z.coerce.number().int().min(1).max(10_000).default(500),
  /** A client more than this many events behind gets a snapshot of the project (or a reset) instead of events. */
  CATCH_UP_MAX_EVENTS: z.coerce.number().int().min(1).default(5_000),
  /** Requests one Socket.IO connection may have in flight; more are refused at once (TOO_MANY_REQUESTS). */
  REALTIME_MAX_IN_FLIGHT: z.coerce.number().int().min(1).max(1_000).default(16),
  /** Bootstrap replicates an agreement request over HTTP may ask for (more is lowered to this). */
  AGREEMENT_MAX_BOOTSTRAP: z.coerce.number().int().min(0).max(100_000).default(2_000),
  /** Wall-clock budget of one agreement computation's bootstrap; past it, the answer is partial, with a note. */
  AGREEMENT_TIME_BUDGET_MS: z.coerce.number().int().min(100).default(20_000),
  /** Force a tfjs backend: tensorflow-gpu | tensorflow | webgpu | wasm | cpu. */
  TFJS_BACKEND: z.enum(['tensorflow-gpu', 'tensorflow', 'webgpu', 'wasm', 'cpu']).optional(),
  /** WASM backend threads (default: the cores, at most 8). The cnn alone trains faster on 1 of 2 cores. */
  TFJS_WASM_THREADS: z.coerce.number().int().min(1).max(8).optional(),
  /**
   * What computes a trained network's outputs when the trainer scores scans: auto (onnxruntime
   * when it loads and its probabilities match tfjs' within 1e-4, else tfjs), onnxruntime, tfjs.
   */
  SCORING_ENGINE: z.enum(['auto', 'onnxruntime', 'tfjs']).default('auto'),
  /** Path to user-supplied ResNet50 weights (tfjs model.json or Keras .h5). */
  RESNET50_WEIGHTS: z.string().optional(),
  /** Sign-in attempts per account in a window; once spent, the account's sign-in is locked until it passes. */
  LOGIN_MAX_FAILURES: z.coerce.number().int().positive().default(5),
  LOGIN_WINDOW_SECONDS: z.coerce.number().int().positive().default(900),
  /** Failed sign-ins from one client address in a window (0: no limit per address). */
  LOGIN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().min(0).default(100),
  /**
   * Addresses of reverse proxies whose X-Forwarded-For is believed (comma-separated IPs);
   * empty: the client address is the connection's own, and X-Forwarded-For is ignored.
   */
  TRUSTED_PROXIES: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .refine((list) => list.every((ip) => isIP(ip) !== 0), 'TRUSTED_PROXIES lists IP addresses, comma-separated'),
  /** Synthetic scans generated into the demo project when the database is first seeded. */
  DEMO_SCAN_COUNT: z.coerce.number().int().min(0).max(5000).default(200),
  /** Seconds a training job may run before the queue counts its trainer as dead and retries it. */
  TRAIN_JOB_EXPIRE_SECONDS: z.coerce.number().int().min(5).default(3600),
  /** Retries of a failed or expired training job before it fails for good. */
  TRAIN_JOB_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  /** How often the queue looks for expired jobs (a dead trainer's). */
  TRAIN_QUEUE_MAINTENANCE_SECONDS: z.coerce.number().int().min(1).default(30),
  /** A running job with no progress (no batch, file or stage) for this long fails and its trainer restarts. */
  TRAIN_STALL_SECONDS: z.coerce.number().int().min(5).default(300),
  /** A running job whose heartbeat is older than this has lost its trainer: it is handed to a live one. */
  TRAIN_HEARTBEAT_TIMEOUT_SECONDS: z.coerce.number().int().min(5).default(30),
  /** Caps the epochs of every training run (small machines, tests); unset = each model's default. */
  TRAIN_MAX_EPOCHS: z.coerce.number().int().min(1).optional(),
  /**
   * After each job's new ranking is out, measure the baseline its models are shown beside on the
   * dashboard: a logistic regression on frozen ResNet50 features (trainer/service/project-baseline.ts).
   */
  TRAIN_BASELINE: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /**
   * While no job runs, compute the frozen ResNet50 features of every scan of the projects that
   * train one, so their next job reads them from the cache (trainer/service/feature-warmer.ts).
   */
  TRAIN_WARM_FEATURES: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /**
   * PACS hosts allowed although they resolve to loopback, private or link-local addresses: host
   * names, addresses or CIDR networks, comma-separated (e.g. pacs.hospital.local,10.20.0.0/16).
   */
  PACS_ALLOWED_HOSTS: z.string().default(''),
  /** Key that encrypts PACS passwords and tokens at rest (base64, 32 bytes); default: DATA_DIR/pacs-secret-key. */
  PACS_SECRET_KEY: z.string().optional(),
  /** Seconds a PACS may stay silent in one request before it fails (and is retried). */
  PACS_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  /** Tries of a PACS request that failed for a passing reason (network, timeout, 5xx). */
  PACS_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(4),
  /** Instances of a series downloaded at once. */
  PACS_DOWNLOAD_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(4),
  START_TRAINER: z
    .enum(['0', '1', 'true', 'false'])
    .default('1')
    .transform((v) => v === '1' || v === 'true'),
});

export type AppConfig = z.infer<typeof configSchema> & { storageDir: string; dataDir: string };

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${issues}`);
  }
  const dataDir = path.resolve(parsed.data.DATA_DIR);
  return {
    ...parsed.data,
    dataDir,
    storageDir: path.resolve(parsed.data.STORAGE_DIR ?? path.join(dataDir, 'storage')),
  };
}
