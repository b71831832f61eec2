// The `tensorloom` command line: picks a subcommand from the table and turns a CliError
// (bad flags, a missing file, an invalid graph) into `tensorloom: <message>` and its exit
// code, never a stack trace.
import { CliError, type Command } from './args';
import { benchCommand } from './bench';
import { conformanceCommand } from './conformance';
import { generateCommand } from './generate';
import { trainCommand } from './train';

/** Every subcommand. Adding one = importing its Command and listing it here. */
export const COMMANDS: readonly Command[] = [trainCommand, generateCommand, conformanceCommand, benchCommand];

export function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'usage: tensorloom <command> [arguments]',
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'tensorloom <command> --help shows the arguments of a command.',
  ].join('\n');
}

const isHelp = (a: string) => a === '--help' || a === '-h';

/** Runs the command line `argv` (without node and script); resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    process.stderr.write(usage() + '\n');
    return 2;
  }
  if (isHelp(name) || name === 'help') {
    const about = rest[0] !== undefined ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
    process.stdout.write((about ? about.usage : usage()) + '\n');
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`tensorloom: unknown command "${name}"\n\n${usage()}\n`);
    return 2;
  }
  // `--` hands everything after it to the command as it is, help flags included.
  const dashDash = rest.indexOf('--');
  if ((dashDash < 0 ? rest : rest.slice(0, dashDash)).some(isHelp)) {
    process.stdout.write(command.usage + '\n');
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (e) {
    if (e instanceof CliError) {
      process.stderr.write(`tensorloom: ${e.message}\n`);
      return e.exitCode;
    }
    // A bug, not bad input: say so briefly; the stack is one environment variable away.
    const err = e as Error;
    process.stderr.write(`tensorloom: unexpected error in ${name}: ${err?.message ?? String(e)}\n`);
    if (process.env.TENSORLOOM_DEBUG) process.stderr.write(`${err?.stack ?? ''}\n`);
    else process.stderr.write('(set TENSORLOOM_DEBUG=1 to see where)\n');
    return 1;
  }
}
