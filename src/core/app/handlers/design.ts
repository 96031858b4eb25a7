// Handlers of the design commands: thin, validated entry points into src/core/design services.
import type { CisgramService, Handlers } from '../service';
import type { designCommands } from '../../../shared/api/design';

export function designHandlers(_svc: CisgramService): Pick<Handlers, keyof typeof designCommands> {
  return {};
}
