// Project commands: one project is one SQLite file the user can copy to a colleague.
import { z } from 'zod';
import { UserPath } from './paths';

export const ProjectName = z
  .string()
  .trim()
  .min(1, 'a project needs a name')
  .max(120, 'project names are at most 120 characters')
  .refine((s) => !/[\\/:*?"<>|\u0000-\u001f]/.test(s), 'a project name cannot contain \\ / : * ? " < > |');

export const FilePath = UserPath;

export const ProjectInfo = z.object({
  path: z.string(),
  name: z.string(),
  schemaVersion: z.number().int(),
  createdAt: z.string(),
  appVersion: z.string(),
  sizeBytes: z.number(),
  /** Opened read-only (it is open for writing in another Cisgram window): every change is refused. */
  readOnly: z.boolean().optional(),
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
  'projects.open': {
    // readOnly: look at a project that another Cisgram window has open (no lock taken, no writes).
    input: z.object({ path: FilePath, readOnly: z.boolean().optional() }).strict(),
    output: ProjectInfo,
  },
  'projects.current': { input: empty, output: ProjectInfo.nullable() },
  'projects.close': { input: empty, output: z.null() },
  'projects.rename': { input: z.object({ path: FilePath, name: ProjectName }).strict(), output: ProjectInfo },
  'projects.duplicate': { input: z.object({ path: FilePath, name: ProjectName }).strict(), output: ProjectInfo },
  // A consistent snapshot of a project (open or not, even mid-job) written to a new file the user
  // chose; the project itself, its name and the recent list are unchanged. Never overwrites.
  'projects.saveCopy': {
    input: z.object({ path: FilePath, target: FilePath }).strict(),
    output: z.object({ path: z.string(), sizeBytes: z.number() }),
  },
  'projects.delete': { input: z.object({ path: FilePath }).strict(), output: z.null() },
  'projects.forget': { input: z.object({ path: FilePath }).strict(), output: z.null() },
} as const;
