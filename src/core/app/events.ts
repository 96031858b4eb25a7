// A tiny typed event hub for API events (job progress, engine status, project changes).
import type { ApiEvent } from '../../shared/api';

export class EventHub {
  private listeners = new Set<(e: ApiEvent) => void>();
  on(l: (e: ApiEvent) => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
  emit(e: ApiEvent): void {
    for (const l of this.listeners) {
      try {
        l(e);
      } catch {
        // a broken subscriber (closed socket) must not stop the others
      }
    }
  }
}
