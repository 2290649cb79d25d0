import pg from 'pg';
import { APP_ROLE, OWNER_ROLE } from './postgres-credentials';

/**
 * The embedded installation's database and who may do what in it (run as the superuser):
 * the owner role owns the database, the public schema and every object in it (so only it
 * can alter them, or drop the append-only trigger); the app role may connect, use the
 * schema, and create only the job queue's own schema. An older installation, whose
 * objects the superuser owned, is handed over the same way.
 */
export async function prepareAppDatabase(adminUrl: string, database: string): Promise<void> {
  const db = pg.escapeIdentifier(database);
  await withClient(adminUrl, async (c) => {
    const { rowCount } = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) {
      await c.query(`CREATE DATABASE ${db} OWNER ${OWNER_ROLE}`).catch((e: { code?: string }) => {
        if (e.code !== '42P04') throw e; // created concurrently by another process
      });
    }
    await c.query(`ALTER DATABASE ${db} OWNER TO ${OWNER_ROLE}`);
    await c.query(`REVOKE ALL ON DATABASE ${db} FROM PUBLIC`);
    await c.query(`GRANT CONNECT, TEMPORARY, CREATE ON DATABASE ${db} TO ${APP_ROLE}`);
  });
  const u = new URL(adminUrl);
  u.pathname = `/${database}`;
  await withClient(u.toString(), async (c) => {
    await c.query(`ALTER SCHEMA public OWNER TO ${OWNER_ROLE}`);
    await c.query(`REVOKE CREATE ON SCHEMA public FROM PUBLIC`);
    await c.query(`GRANT USAGE ON SCHEMA public TO ${APP_ROLE}`);
    await c.query(transferOwnership('public', OWNER_ROLE));
    // The job queue (pg-boss) makes and migrates its own schema as the app role.
    const { rowCount } = await c.query(`SELECT 1 FROM pg_namespace WHERE nspname = 'pgboss'`);
    if (rowCount) {
      await c.query(`ALTER SCHEMA pgboss OWNER TO ${APP_ROLE}`);
      await c.query(transferOwnership('pgboss', APP_ROLE));
    }
  });
}

/**
 * After migrations (run as the owner): the app role reads and writes rows and calls the
 * functions, and gets the same on what later migrations create. Annotations it may only
 * add (the trigger refuses changes anyway); the migrations table it may only read.
 */
export async function grantAppPrivileges(ownerUrl: string): Promise<void> {
  await withClient(ownerUrl, async (c) => {
    await c.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${APP_ROLE}`);
    await c.query(`GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${APP_ROLE}`);
    await c.query(`GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO ${APP_ROLE}`);
    await c.query(
      `ALTER DEFAULT PRIVILEGES FOR ROLE ${OWNER_ROLE} IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${APP_ROLE}`,
    );
    await c.query(
      `ALTER DEFAULT PRIVILEGES FOR ROLE ${OWNER_ROLE} IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO ${APP_ROLE}`,
    );
    await c.query(
      `ALTER DEFAULT PRIVILEGES FOR ROLE ${OWNER_ROLE} IN SCHEMA public GRANT EXECUTE ON FUNCTIONS TO ${APP_ROLE}`,
    );
    await c.query(`REVOKE UPDATE, DELETE, TRUNCATE ON "Annotation" FROM ${APP_ROLE}`);
    await c.query(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON "_prisma_migrations" FROM ${APP_ROLE}`);
  });
}

/** A DO block giving `role` every table, sequence, view, function and type of `schema` someone else owns. */
function transferOwnership(schema: string, role: string): string {
  const s = pg.escapeLiteral(schema);
  const r = pg.escapeLiteral(role);
  return `DO $$
DECLARE x record;
BEGIN
  FOR x IN SELECT c.oid, c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = ${s} AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
             AND pg_get_userbyid(c.relowner) <> ${r}
             AND NOT (c.relkind = 'S' AND EXISTS (
               SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.classid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')))
  LOOP
    EXECUTE format('ALTER %s %I.%I OWNER TO %I',
      CASE x.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END,
      ${s}, x.relname, ${r});
  END LOOP;
  FOR x IN SELECT p.oid::regprocedure AS sig FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
           WHERE n.nspname = ${s} AND pg_get_userbyid(p.proowner) <> ${r}
  LOOP
    EXECUTE format('ALTER ROUTINE %s OWNER TO %I', x.sig, ${r});
  END LOOP;
  FOR x IN SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
           WHERE n.nspname = ${s} AND t.typtype IN ('e', 'd') AND pg_get_userbyid(t.typowner) <> ${r}
  LOOP
    EXECUTE format('ALTER TYPE %I.%I OWNER TO %I', ${s}, x.typname, ${r});
  END LOOP;
END $$`;
}

async function withClient(url: string, fn: (c: pg.Client) => Promise<void>): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await fn(c);
  } finally {
    await c.end();
  }
}
