// Undo/redo over immer patches. Every change to the document is one entry holding the patches
// that redo it and the inverse patches that undo it. A burst of related edits (typing in a
// param field, renaming) carries the same merge key and folds into the previous entry, so it
// undoes as one step.
import type { Patch } from 'immer';

export interface HistoryEntry {
  patches: Patch[];
  inverse: Patch[];
  /** Edits with the same key in quick succession merge into one entry. */
  mergeKey?: string;
  /** Short description for menus and tooltips ("move 3 nodes", "set heads"). */
  label: string;
  /** Document version before and after this entry (drives the dirty flag). */
  before: number;
  after: number;
  at: number;
}

export interface HistoryOptions {
  /** Entries kept; the oldest fall off. */
  limit: number;
  /** Two edits with the same merge key merge when they are at most this far apart. */
  mergeWindowMs: number;
}

export const DEFAULT_HISTORY: HistoryOptions = { limit: 500, mergeWindowMs: 1500 };

export class History {
  private done: HistoryEntry[] = [];
  private undone: HistoryEntry[] = [];

  constructor(private readonly options: HistoryOptions = DEFAULT_HISTORY) {}

  get canUndo(): boolean {
    return this.done.length > 0;
  }

  get canRedo(): boolean {
    return this.undone.length > 0;
  }

  get undoLabel(): string | undefined {
    return this.done.at(-1)?.label;
  }

  get redoLabel(): string | undefined {
    return this.undone.at(-1)?.label;
  }

  get size(): number {
    return this.done.length;
  }

  /**
   * Records a change. Merges into the last entry when the merge keys agree, nothing was
   * undone in between and the last entry is recent.
   */
  push(entry: HistoryEntry): void {
    const last = this.done.at(-1);
    const merge =
      entry.mergeKey !== undefined &&
      last !== undefined &&
      last.mergeKey === entry.mergeKey &&
      this.undone.length === 0 &&
      entry.at - last.at <= this.options.mergeWindowMs;
    this.undone = [];
    if (merge) {
      last.patches = [...last.patches, ...entry.patches];
      // Undo runs the newest change's inverse first.
      last.inverse = [...entry.inverse, ...last.inverse];
      last.after = entry.after;
      last.at = entry.at;
      return;
    }
    this.done.push(entry);
    if (this.done.length > this.options.limit) this.done.splice(0, this.done.length - this.options.limit);
  }

  /** Takes the newest entry off the done stack; the caller applies its inverse patches. */
  undo(): HistoryEntry | undefined {
    const e = this.done.pop();
    if (e) this.undone.push(e);
    return e;
  }

  redo(): HistoryEntry | undefined {
    const e = this.undone.pop();
    if (e) this.done.push(e);
    return e;
  }

  /** Ends merging: the next edit starts a new entry even with the same key. */
  seal(): void {
    const last = this.done.at(-1);
    if (last) last.mergeKey = undefined;
  }

  clear(): void {
    this.done = [];
    this.undone = [];
  }
}
