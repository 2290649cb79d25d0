import readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';

/** The first line of standard input (`printf '%s\n' "$PW" | neuroloop user add ... --password-stdin`). */
export async function readPasswordLine(stdin: Readable): Promise<string> {
  let text = '';
  for await (const chunk of stdin) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0] ?? '';
}

/** Asks on the terminal without echoing what is typed. */
export function promptHidden(stdin: Readable, stderr: Writable, question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const rl = readline.createInterface({ input: stdin, output: stderr, terminal: true });
    let asked = false;
    // readline echoes through _writeToOutput: show the question, swallow the keystrokes.
    const muted = rl as unknown as { _writeToOutput: (s: string) => void };
    muted._writeToOutput = (s: string) => {
      if (!asked) stderr.write(s);
    };
    rl.question(question, (answer) => {
      stderr.write('\n');
      rl.close();
      resolve(answer);
    });
    asked = true;
    rl.on('SIGINT', () => {
      rl.close();
      reject(new Error('cancelled'));
    });
  });
}
