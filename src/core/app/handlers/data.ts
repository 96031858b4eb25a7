// Handlers of the data commands: thin, validated entry points into src/core/data services.
import type { CisgramService, Handlers } from '../service';
import type { dataCommands } from '../../../shared/api/data';

export function dataHandlers(_svc: CisgramService): Pick<Handlers, keyof typeof dataCommands> {
  return {};
}
