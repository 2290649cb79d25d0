import path from 'node:path';
import { z } from 'zod';

/**
 * The one typed configuration object (GUIDE principle 14): zod over the environment
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
  /** Max pixels (width*height*frames) an imported image may decode to (decompression bombs). */
  IMPORT_MAX_PIXELS: z.coerce.number().int().positive().default(64 * 1024 * 1024),
  /** Decode worker threads for imports (default: the cores available; 0 decodes on the server's main thread). */
  IMPORT_WORKERS: z.coerce.number().int().min(0).max(64).optional(),
  /** Largest upload the import page accepts in one request (bytes). */
  IMPORT_MAX_UPLOAD_BYTES: z.coerce.number().int().positive().default(2 * 1024 * 1024 * 1024),
  /** Force a tfjs backend: tensorflow-gpu | tensorflow | wasm | cpu. */
  TFJS_BACKEND: z.enum(['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']).optional(),
  /** WASM backend threads (default: the cores, at most 8). The cnn alone trains faster on 1 of 2 cores. */
  TFJS_WASM_THREADS: z.coerce.number().int().min(1).max(8).optional(),
  /** Path to user-supplied ResNet50 weights (tfjs model.json or Keras .h5). */
  RESNET50_WEIGHTS: z.string().optional(),
  LOGIN_MAX_FAILURES: z.coerce.number().int().positive().default(5),
  LOGIN_WINDOW_SECONDS: z.coerce.number().int().positive().default(900),
  /** Synthetic scans generated into the demo project when the database is first seeded. */
  DEMO_SCAN_COUNT: z.coerce.number().int().min(0).max(5000).default(200),
  /** Seconds a training job may run before the queue counts its trainer as dead and retries it. */
  TRAIN_JOB_EXPIRE_SECONDS: z.coerce.number().int().min(5).default(3600),
  /** Retries of a failed or expired training job before it fails for good. */
  TRAIN_JOB_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  /** How often the queue looks for expired jobs (a dead trainer's). */
  TRAIN_QUEUE_MAINTENANCE_SECONDS: z.coerce.number().int().min(1).default(30),
  /** Caps the epochs of every training run (small machines, tests); unset = each model's default. */
  TRAIN_MAX_EPOCHS: z.coerce.number().int().min(1).optional(),
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
