// The one API contract: every command (name → input/output schema) and every event, shared by
// main, preload, server and renderer. Each side validates with these schemas at its boundary.
import { z } from 'zod';
import { appCommands, EngineInfo } from './app';
import { projectCommands, ProjectInfo } from './projects';
import { jobCommands, JobInfo, MetricPoint } from './jobs';
import { filesCommands } from './files';
import { dataCommands } from './data';
import { trainCommands } from './train';
import { motifsCommands } from './motifs';
import { grammarCommands } from './grammar';
import { designCommands } from './design';
import { compareCommands } from './compare';
import { undoCommands } from './undo';
import { clusterCommands } from './cluster';

export * from './errors';
export * from './app';
export * from './projects';
export * from './jobs';
export * from './files';
export * from './data';
export * from './train';
export * from './motifs';
export * from './grammar';
export * from './design';
export * from './compare';
export * from './undo';
export * from './cluster';
export * from './job-contract';

export const commands = {
  ...appCommands,
  ...projectCommands,
  ...jobCommands,
  ...filesCommands,
  ...dataCommands,
  ...trainCommands,
  ...motifsCommands,
  ...grammarCommands,
  ...designCommands,
  ...compareCommands,
  ...undoCommands,
  ...clusterCommands,
} as const;

export type Commands = typeof commands;
export type CommandName = keyof Commands;
export type Input<K extends CommandName> = z.input<Commands[K]['input']>;
export type ParsedInput<K extends CommandName> = z.output<Commands[K]['input']>;
export type Output<K extends CommandName> = z.output<Commands[K]['output']>;

export const ApiEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('job'), job: JobInfo, points: z.array(MetricPoint) }),
  z.object({ type: z.literal('engine'), engine: EngineInfo }),
  z.object({ type: z.literal('project'), project: ProjectInfo.nullable() }),
  z.object({ type: z.literal('recent') }),
]);
export type ApiEvent = z.infer<typeof ApiEvent>;

/** What the renderer talks to: window.cisgram in the desktop app, an HTTP+WebSocket client in browser mode. */
export interface CisgramApi {
  invoke<K extends CommandName>(name: K, input: Input<K>): Promise<Output<K>>;
  on(listener: (event: ApiEvent) => void): () => void;
  /** Present in the desktop app only: native file dialogs. */
  dialogs?: {
    openFile(options: { title: string; filters?: { name: string; extensions: string[] }[] }): Promise<string | null>;
  };
}

export function isCommandName(name: string): name is CommandName {
  return Object.prototype.hasOwnProperty.call(commands, name);
}
