import { z } from 'zod';
import { AppError } from '@/lib/errors/app-error';
import { roleSchema } from '@/lib/auth/roles';
import { createUser } from '@/server/use-cases/create-user';
import { listUsers } from '@/server/use-cases/list-users';
import { endUserSessions } from '@/server/use-cases/end-user-sessions';
import { getUserByEmailOrThrow } from '@/server/use-cases/get-user-by-email-or-throw';
import { generatePassword } from '@/server/auth/password';
import { withDb } from '../lib/with-db';
import { promptHidden, readPasswordLine } from '../lib/read-password';
import { defineCommand, defineCommandGroup } from '../command';
import { flag, jsonFlag } from '../flags';
import { printJson, printTable } from '../output';
import type { CliIO } from '../types';

const add = defineCommand({
  name: 'user add',
  summary: 'Create an account',
  description: `The password is asked for on the terminal (leave it empty for a random one, printed once),
or read from the first line of standard input with --password-stdin. It is never taken as
an argument: other users of the machine can read a command line.`,
  flags: z.object({
    email: flag(z.string().email(), 'the sign-in email', 'EMAIL'),
    name: flag(z.string().optional(), 'display name (default: the part of the email before @)', 'NAME'),
    role: flag(roleSchema.default('ANNOTATOR'), 'the role across the app', 'ROLE'),
    password: flag(z.string().optional(), 'refused: a command line is readable by every user of the machine', 'P'),
    'password-stdin': flag(z.boolean().default(false), 'read the password from the first line of standard input'),
    json: jsonFlag('print the new user as JSON'),
  }),
  async run({ flags, io }) {
    const { password, generated } = await passwordFor(flags, io);
    const user = await withDb(({ db }) =>
      createUser(db, {
        email: flags.email,
        name: flags.name ?? flags.email.split('@')[0],
        role: flags.role,
        password,
      }),
    );
    if (flags.json) printJson(io, { ...user, password: generated ? password : undefined });
    else {
      io.stdout.write(`Created ${user.role} ${user.email} (${user.id}).\n`);
      if (generated) io.stdout.write(`Password (shown once): ${password}\n`);
    }
    return 0;
  },
});

const list = defineCommand({
  name: 'user list',
  summary: 'List every account with its role',
  flags: z.object({ json: jsonFlag() }),
  async run({ flags, io }) {
    const users = await withDb(({ db }) => listUsers(db));
    if (flags.json) printJson(io, users);
    else
      printTable(
        io,
        users.map((u) => ({ email: u.email, name: u.name, role: u.role, disabled: u.disabled ? 'yes' : '' })),
      );
    return 0;
  },
});

const signOut = defineCommand({
  name: 'user sign-out',
  summary: 'End every session of a user (browser and live connections)',
  flags: z.object({
    email: flag(z.string().email(), 'the user', 'EMAIL'),
    json: jsonFlag(),
  }),
  async run({ flags, io }) {
    const user = await withDb(async ({ db }) => {
      const found = await getUserByEmailOrThrow(db, flags.email);
      await endUserSessions(db, { userId: found.id, actorId: null });
      return found;
    });
    if (flags.json) printJson(io, { email: user.email, signedOut: true });
    else io.stdout.write(`Ended every session of ${user.email}.\n`);
    return 0;
  },
});

/**
 * The new account's password: from standard input, from a hidden prompt, or generated (an
 * empty answer). A generated one is shown once, and only on a terminal.
 */
async function passwordFor(
  flags: { password?: string; 'password-stdin'?: boolean },
  io: CliIO,
): Promise<{ password: string; generated: boolean }> {
  if (flags.password !== undefined) {
    throw new AppError({
      code: 'BAD_REQUEST',
      message:
        'A password on the command line is readable by every user of this machine: leave --password out to be asked for it, or pass it on standard input with --password-stdin.',
    });
  }
  if (flags['password-stdin']) {
    if (!io.stdin) throw new AppError({ code: 'BAD_REQUEST', message: 'No standard input to read the password from.' });
    return { password: await readPasswordLine(io.stdin), generated: false };
  }
  if (io.stdin?.isTTY) {
    const typed = await promptHidden(io.stdin, io.stderr, 'Password (empty: generate one): ');
    if (typed) return { password: typed, generated: false };
  } else if (!io.isTTY) {
    throw new AppError({
      code: 'BAD_REQUEST',
      message: 'No terminal to ask for the password on: pass it on standard input with --password-stdin.',
    });
  }
  return { password: generatePassword(), generated: true };
}

export const command = defineCommandGroup({
  name: 'user',
  summary: 'Add, list or sign out users (admins create accounts)',
  subcommands: { add, list, 'sign-out': signOut },
});
