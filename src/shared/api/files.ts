// Browsing the local file system for import/export in browser mode (the desktop app uses native
// dialogs). Only lists names and sizes; reading files is done by the import commands themselves.
import { z } from 'zod';

export const FileEntry = z.object({ name: z.string(), path: z.string(), isDir: z.boolean(), size: z.number().nullable() });
export type FileEntry = z.infer<typeof FileEntry>;

export const filesCommands = {
  'files.list': {
    input: z.object({ dir: z.string().max(4096).optional(), showHidden: z.boolean().optional() }).strict(),
    output: z.object({ dir: z.string(), parent: z.string().nullable(), home: z.string(), entries: z.array(FileEntry) }),
  },
} as const;
