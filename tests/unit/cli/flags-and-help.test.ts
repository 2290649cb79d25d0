import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { commands } from '@/cli/commands/index';
import { defineCommand, defineCommandGroup } from '@/cli/command';
import { flag, flagsHelp, parseFlags, parserOptions } from '@/cli/flags';
import { runCli } from '../../helpers/run-cli';

const schema = z.object({
  out: flag(z.string().min(1), 'where results go', 'DIR'),
  seed: flag(z.coerce.number().int().default(7), 'the seed', 'S'),
  kind: flag(z.enum(['cnn', 'resnet']).default('cnn'), 'the model kind', 'KIND'),
  list: flag(
    z
      .string()
      .default('a,b')
      .transform((s) => s.split(',')),
    'comma-separated',
    'LIST',
  ),
  quiet: flag(z.boolean().default(false), 'say less', undefined, 'q'),
});

describe('one flags schema gives the parser, the types and the help', () => {
  it('derives parseArgs options: booleans are switches, everything else takes a value', () => {
    expect(parserOptions(schema)).toEqual({
      help: { type: 'boolean', short: 'h' },
      out: { type: 'string' },
      seed: { type: 'string' },
      kind: { type: 'string' },
      list: { type: 'string' },
      quiet: { type: 'boolean', short: 'q' },
    });
  });

  it('parses, converts and applies defaults', () => {
    const { flags } = parseFlags(['--out', 'x', '--seed', '3', '-q'], schema);
    expect(flags).toEqual({ out: 'x', seed: 3, kind: 'cnn', list: ['a', 'b'], quiet: true });
  });

  it('turns every problem into a message that names the flag', () => {
    expect(() => parseFlags(['--seed', '3'], schema)).toThrow(/--out: /);
    expect(() => parseFlags(['--out', 'x', '--kind', 'vgg'], schema)).toThrow(/--kind: .*"cnn"\|"resnet"/);
    expect(() => parseFlags(['--out', 'x', '--nope'], schema)).toThrow(/Unknown option '--nope'/);
    expect(() => parseFlags(['--out', 'x', 'stray'], schema)).toThrow(/Unexpected argument 'stray'/);
    expect(parseFlags(['--out', 'x', 'a.png'], schema, { positionals: true }).positionals).toEqual(['a.png']);
  });

  it('prints each flag with its placeholder, description, choices, required and default', () => {
    const help = flagsHelp(schema);
    expect(help).toMatch(/--out DIR\s+where results go \(required\)/);
    expect(help).toMatch(/--seed S\s+the seed \(default 7\)/);
    expect(help).toMatch(/--kind KIND\s+the model kind \(one of cnn, resnet; default cnn\)/);
    expect(help).toMatch(/--list LIST\s+comma-separated \(default a,b\)/);
    expect(help).toMatch(/-q, --quiet\s+say less\n/);
    expect(help).toMatch(/-h, --help\s+show this help/);
  });

  it('a group dispatches to its subcommands and shows their help', async () => {
    const seen: unknown[] = [];
    const add = defineCommand({
      name: 'thing add',
      summary: 'add a thing',
      flags: z.object({ name: flag(z.string(), 'its name', 'NAME') }),
      run: async ({ flags }) => (seen.push(flags), 0),
    });
    const group = defineCommandGroup({ name: 'thing', summary: 'things', subcommands: { add } });
    expect(
      await group.run(['add', '--name', 'x'], { stdout: process.stdout, stderr: process.stderr, isTTY: false }),
    ).toBe(0);
    expect(seen).toEqual([{ name: 'x' }]);
    expect(group.helpFor!(['add'])).toContain('--name NAME  its name (required)');
    expect(group.help).toMatch(/Subcommands:\n {2}add {9}add a thing/);
  });
});

describe('the neuroloop commands', () => {
  it('lists every command with the summary the command itself carries', async () => {
    for (const [name, entry] of Object.entries(commands)) {
      const command = await entry.load();
      expect(command.summary, name).toBe(entry.summary);
    }
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    for (const [name, entry] of Object.entries(commands)) expect(r.out).toContain(`${name}`.padEnd(16) + entry.summary);
  });

  it('`<command> --help` shows every flag with its description and default', async () => {
    const synth = await runCli(['synth', '--help']);
    expect(synth.code).toBe(0);
    expect(synth.out).toMatch(/^Usage: neuroloop synth \[flags\]/);
    expect(synth.out).toMatch(/--kind KIND\s+ct-hemorrhage: .*\(one of ct-hemorrhage, mri-tumor; required\)/s);
    expect(synth.out).toMatch(/--seed S\s+integer seed: the same seed gives the same files \(default 1\)/);
    const importHelp = await runCli(['import', '--help']);
    expect(importHelp.out).toMatch(/^Usage: neuroloop import PATH\.\.\. \[flags\]/);
    const userAdd = await runCli(['user', 'add', '--help']);
    expect(userAdd.out).toMatch(/--role ROLE\s+the role across the app \(one of ANNOTATOR, CLINICIAN, LEAD, ADMIN;/);
  });

  it('bad input exits with 2 and a message', async () => {
    const r = await runCli(['synth', '--kind', 'pet', '--count', '1', '--out', '/tmp/x']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error: --kind: /);
    const sub = await runCli(['user', 'remove']);
    expect(sub.code).toBe(2);
    expect(sub.err).toContain('Expected `user add`, `user list`');
  });
});
