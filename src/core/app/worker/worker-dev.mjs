// Worker entry when running from TypeScript sources (tests, `tsx`): registers tsx, then loads worker.ts.
import { register } from 'tsx/esm/api';
register();
await import('./worker.ts');
