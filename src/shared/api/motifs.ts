// motifs commands (see the feature's issue); merged into the one contract in ./index.ts.
import { z } from 'zod';

export const motifsCommands = {} as const satisfies Record<string, { input: z.ZodTypeAny; output: z.ZodTypeAny }>;
