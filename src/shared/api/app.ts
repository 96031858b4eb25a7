// App-level commands: version, engine (compute backend) status, where data lives.
import { z } from 'zod';

export const BackendSkip = z.object({ name: z.string(), reason: z.string() });

export const EngineInfo = z.object({
  status: z.enum(['starting', 'ready', 'failed']),
  backend: z.string().nullable(),
  skipped: z.array(BackendSkip),
  detail: z.string().nullable(),
});
export type EngineInfo = z.infer<typeof EngineInfo>;

export const AppInfo = z.object({
  version: z.string(),
  mode: z.enum(['desktop', 'browser']),
  dataDir: z.string(),
  platform: z.string(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const appCommands = {
  'app.info': { input: z.object({}).strict(), output: AppInfo },
  'engine.info': { input: z.object({}).strict(), output: EngineInfo },
} as const;
