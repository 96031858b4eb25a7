// What the preload script exposes as window.cisgram: the raw transport. The renderer wraps it into
// a CisgramApi (replies unwrapped, events validated), exactly as it wraps HTTP in browser mode.
import type { Reply } from './api/errors';

export interface CisgramBridge {
  invoke(name: string, input: unknown): Promise<Reply>;
  onEvent(listener: (event: unknown) => void): () => void;
  openFile(options: { title: string; filters?: { name: string; extensions: string[] }[] }): Promise<string | null>;
  /** The local path of a File dropped on the window (Electron's webUtils); absent in browser mode. */
  pathForFile?(file: unknown): string;
}

export const IPC = {
  invoke: 'cisgram:invoke',
  event: 'cisgram:event',
  openFile: 'cisgram:open-file',
} as const;
