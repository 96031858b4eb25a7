// Keeps the project file whole while it is open: recent commits live in the `-wal` file beside it
// until a checkpoint copies them in, so one runs after every finished job and every few seconds.
// PASSIVE checkpoints never wait for a writer and never block the event loop on a lock.
import type Database from 'better-sqlite3';

export const CHECKPOINT_EVERY_MS = 5_000;

export class WalKeeper {
  private timer: NodeJS.Timeout | null;

  constructor(
    private readonly db: Database.Database,
    everyMs = CHECKPOINT_EVERY_MS,
  ) {
    this.timer = setInterval(() => this.settle(), everyMs).unref();
  }

  /**
   * Copies every committed change into the main file as far as readers allow. True when the main
   * file alone now holds everything committed (a copy of it is the whole project).
   */
  settle(): boolean {
    try {
      const [r] = this.db.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[];
      return !!r && r.busy === 0 && r.log === r.checkpointed;
    } catch {
      return false; // a closed handle or a refusing disk: the next settle (or SQLite on open) catches up
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
