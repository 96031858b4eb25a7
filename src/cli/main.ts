// The headless engine's main: picks the command, parses its options, opens the session and the
// project, runs, and turns every outcome into an exit code (0 done, 1 refused/failed with the app's
// message, 2 command-line mistake, 130 stopped by Ctrl+C). Signals cancel jobs via the session.
import { mkdirSync } from 'node:fs';
import { defaultDataDir } from '../core/app/data-dir';
import { GLOBAL_OPTIONS, parse, str, flag, UsageError } from './args';
import { COMMANDS } from './commands';
import { commandHelp, generalHelp } from './help';
import { Printer } from './print';
import { AppError, Interrupted, Session } from './session';

export interface MainOptions {
  /** The built engine worker next to the built CLI; absent when running from sources. */
  workerPath?: string;
}

/** The command word may come after global options (`cisgram -p x.cisgram runs`). */
function splitCommand(argv: string[]): { name: string | undefined; rest: string[] } {
  const takesValue = new Set(Object.entries(GLOBAL_OPTIONS).filter(([, o]) => o.type === 'string').flatMap(([k, o]) => [`--${k}`, ...(o.short ? [`-${o.short}`] : [])]));
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') break;
    if (!a.startsWith('-')) return { name: a, rest: [...argv.slice(0, i), ...argv.slice(i + 1)] };
    if (takesValue.has(a)) i++;
  }
  const help = argv.find((a) => a === '--help' || a === '-h');
  return { name: help, rest: argv.filter((a) => a !== help) };
}

export async function main(argv: string[], opts: MainOptions = {}): Promise<number> {
  const json = argv.includes('--json');
  const out = new Printer(json);
  const { name, rest } = splitCommand(argv);
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
    process.stdout.write(`${topic ? commandHelp(topic) : generalHelp(COMMANDS)}\n`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    out.error('usage', `Unknown command “${name}”. The commands are: ${COMMANDS.map((c) => c.name).join(', ')} (cisgram --help explains them).`);
    return 2;
  }

  let session: Session | null = null;
  let code = 0;
  const onSignal = () => {
    if (!session) process.exit(130);
    void session.interrupt().then((first) => {
      if (first) return;
      out.note('Stopping now; the job is marked interrupted and can be resumed.');
      void session!.close().finally(() => process.exit(130));
    });
  };
  try {
    const { values, positionals } = parse(rest, command.options, command.name);
    if (flag(values, 'help')) {
      process.stdout.write(`${commandHelp(command)}\n`);
      return 0;
    }
    if (positionals.length && !['library', 'resume', 'cluster'].includes(command.name)) throw new UsageError(`${command.name}: unexpected “${positionals[0]}” (options start with --; see cisgram ${command.name} --help).`);
    const project = str(values, 'project') ?? process.env.CISGRAM_PROJECT;
    if (command.project === 'required' && !project) throw new UsageError(`${command.name} needs --project FILE.cisgram (or CISGRAM_PROJECT set).`);
    if (!command.engine && !process.env.CISGRAM_ENGINE) process.env.CISGRAM_ENGINE = 'none';
    const dataDir = str(values, 'data-dir') ?? defaultDataDir();
    mkdirSync(dataDir, { recursive: true });
    session = new Session({ dataDir, printer: out, workerPath: opts.workerPath });
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    if (project && command.project !== 'none') await session.openProject(project, flag(values, 'create'));
    await command.run({ session, out, values, positionals });
  } catch (e) {
    if (e instanceof UsageError) {
      out.error('usage', e.message);
      code = 2;
    } else if (e instanceof Interrupted) {
      const jobs = e.message.split(' ').filter(Boolean);
      const path = session?.svc.project?.path;
      out.error('interrupted', `Stopped by Ctrl+C. The project is intact${jobs.length ? `; to continue: cisgram resume${path ? ` -p "${path}"` : ''} ${jobs[0]}` : ''}.`);
      code = 130;
    } else if (e instanceof AppError) {
      out.error(e.code, e.message);
      code = 1;
    } else {
      const err = e as Error;
      out.error('internal', err?.message ?? String(e));
      code = 1;
    }
  } finally {
    if (session) await session.close().catch(() => undefined);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  if (session?.wasInterrupted && code === 0) code = 130;
  await out.flush();
  return code;
}
