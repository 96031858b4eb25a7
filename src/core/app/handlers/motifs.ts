// Handlers of the motifs commands: thin, validated entry points into src/core/motifs services.
import type { CisgramService, Handlers } from '../service';
import type { motifsCommands } from '../../../shared/api/motifs';

export function motifsHandlers(_svc: CisgramService): Pick<Handlers, keyof typeof motifsCommands> {
  return {};
}
