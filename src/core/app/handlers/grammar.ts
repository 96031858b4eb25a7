// Handlers of the grammar commands: thin, validated entry points into src/core/grammar services.
import type { CisgramService, Handlers } from '../service';
import type { grammarCommands } from '../../../shared/api/grammar';

export function grammarHandlers(_svc: CisgramService): Pick<Handlers, keyof typeof grammarCommands> {
  return {};
}
