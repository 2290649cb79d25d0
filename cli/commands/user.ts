import { z } from 'zod';
import { AppError } from '@/lib/errors/app-error';
import { roleSchema } from '@/lib/auth/roles';
import { createUser } from '@/server/use-cases/create-user';
import { listUsers } from '@/server/use-cases/list-users';
import { generatePassword } from '@/server/auth/password';
import { withDb } from '../lib/with-db';
import { parseFlags } from '../flags';
import { printJson, printTable } from '../output';
import type { CliCommand } from '../types';

const addSchema = z.object({
  email: z.string().email(),
  name: z.string().optional(),
  role: roleSchema.default('ANNOTATOR'),
  password: z.string().optional(),
  json: z.boolean().optional(),
});

export const command: CliCommand = {
  name: 'user',
  summary: 'Add or list users (admins create accounts)',
  help: `Usage:
  neuroloop user add --email EMAIL [--name NAME] [--role ANNOTATOR|CLINICIAN|LEAD|ADMIN] [--password P] [--json]
  neuroloop user list [--json]

Without --password a random one is generated and printed once.`,
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub === 'add') {
      const { flags } = parseFlags(
        rest,
        { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, password: { type: 'string' }, json: { type: 'boolean' } },
        addSchema,
      );
      const password = flags.password ?? generatePassword();
      const user = await withDb(({ db }) =>
        createUser(db, { email: flags.email, name: flags.name ?? flags.email.split('@')[0], role: flags.role, password }),
      );
      if (flags.json) printJson(io, { ...user, password: flags.password ? undefined : password });
      else {
        io.stdout.write(`Created ${user.role} ${user.email} (${user.id}).\n`);
        if (!flags.password) io.stdout.write(`Password (shown once): ${password}\n`);
      }
      return 0;
    }
    if (sub === 'list') {
      const { flags } = parseFlags(rest, { json: { type: 'boolean' } }, z.object({ json: z.boolean().optional() }));
      const users = await withDb(({ db }) => listUsers(db));
      if (flags.json) printJson(io, users);
      else printTable(io, users.map((u) => ({ email: u.email, name: u.name, role: u.role, disabled: u.disabled ? 'yes' : '' })));
      return 0;
    }
    throw new AppError({ code: 'BAD_REQUEST', message: 'Expected `user add` or `user list` (see --help).' });
  },
};
