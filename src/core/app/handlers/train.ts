// Handlers of the train commands: thin, validated entry points into src/core/train services.
import type { CisgramService, Handlers } from '../service';
import type { trainCommands } from '../../../shared/api/train';

export function trainHandlers(_svc: CisgramService): Pick<Handlers, keyof typeof trainCommands> {
  return {};
}
