// Project commands: one project is one SQLite file the user can copy to a colleague.
import { z } from 'zod';

export const ProjectName = z
  .string()
  .trim()
  .min(1, 'a project needs a name')
  .max(120, 'project names are at most 120 characters')
  .refine((s) => !/[\\/:*?"<>|\u0000-\u001f]/.test(s), 'a project name cannot contain \\ / : * ? " < > |');

export const FilePath = z.string().min(1, 'a file path is required').max(4096);

export const ProjectInfo = z.object({
  path: z.string(),
  name: z.string(),
  schemaVersion: z.number().int(),
  createdAt: z.string(),
  appVersion: z.string(),
  sizeBytes: z.number(),
});
export type ProjectInfo = z.infer<typeof ProjectInfo>;

export const RecentProject = z.object({
  path: z.string(),
  name: z.string(),
  openedAt: z.string(),
  exists: z.boolean(),
  sizeBytes: z.number().nullable(),
});
export type RecentProject = z.infer<typeof RecentProject>;

const empty = z.object({}).strict();

export const projectCommands = {
  'projects.list': {
    input: empty,
    output: z.object({ projectsDir: z.string(), recent: z.array(RecentProject) }),
  },
  'projects.create': {
    input: z.object({ name: ProjectName, dir: FilePath.optional() }).strict(),
    output: ProjectInfo,
  },
  'projects.open': { input: z.object({ path: FilePath }).strict(), output: ProjectInfo },
  'projects.current': { input: empty, output: ProjectInfo.nullable() },
  'projects.close': { input: empty, output: z.null() },
  'projects.rename': { input: z.object({ path: FilePath, name: ProjectName }).strict(), output: ProjectInfo },
  'projects.duplicate': { input: z.object({ path: FilePath, name: ProjectName }).strict(), output: ProjectInfo },
  'projects.delete': { input: z.object({ path: FilePath }).strict(), output: z.null() },
  'projects.forget': { input: z.object({ path: FilePath }).strict(), output: z.null() },
} as const;
