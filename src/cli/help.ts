// Help text: the command list (`cisgram --help`) and one command's usage, options and examples.
import { GLOBAL_OPTIONS, type OptionTable } from './args';
import type { Command } from './command';

function optionLines(options: OptionTable): string[] {
  const rows = Object.entries(options).map(([k, o]) => [`${o.short ? `-${o.short}, ` : '    '}--${k}${o.value ? ` ${o.value}` : ''}`, o.help]);
  const w = Math.max(...rows.map((r) => r[0].length));
  return rows.map(([a, b]) => `  ${a.padEnd(w)}  ${b}`);
}

export function generalHelp(commands: Command[]): string {
  const w = Math.max(...commands.map((c) => c.name.length));
  return [
    'cisgram — the Cisgram engine without a window: the same projects (.cisgram files), jobs and',
    'messages as the desktop app. A run made here opens in the app like any other.',
    '',
    'Usage: cisgram <command> [options]        cisgram <command> --help for its options',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(w)}  ${c.summary}`),
    '',
    'Options every command takes:',
    ...optionLines(GLOBAL_OPTIONS),
    '',
    'Progress is printed one line per update; Ctrl+C cancels the running job cleanly (the project',
    'stays intact; `cisgram resume -p FILE JOB` continues it). Exit codes: 0 done, 1 refused or',
    'failed (the app’s message is printed), 2 a mistake in the command line, 130 stopped by Ctrl+C.',
    '',
    'Example, from nothing to motifs in three commands:',
    '  cisgram simulate -p demo.cisgram --create --recipe demo-gata-tal1-spacing',
    '  cisgram train -p demo.cisgram --dataset 1 --preset quick --seed 1,2',
    '  cisgram motifs -p demo.cisgram --run 1',
  ].join('\n');
}

export function commandHelp(c: Command): string {
  return [
    `cisgram ${c.name} — ${c.summary}`,
    '',
    `Usage: ${c.usage}`,
    ...(c.details ? ['', c.details] : []),
    ...(Object.keys(c.options).length ? ['', 'Options:', ...optionLines(c.options)] : []),
    '',
    'Common options:',
    ...optionLines(GLOBAL_OPTIONS),
    '',
    c.examples.length > 1 ? 'Examples:' : 'Example:',
    ...c.examples.map((e) => `  ${e}`),
  ].join('\n');
}
