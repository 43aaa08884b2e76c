// Undo and redo for the flow editor: a list of snapshots of the app's flows (as JSON text), each with what was shown
// when it was taken (the flow and the selected step), so undoing brings the change back into view. Every change
// records one snapshot; consecutive changes with the same key (typing in one field) make one step of the history.

/** The most snapshots kept; older ones are dropped. */
const LIMIT = 200;

export class EditHistory {
  /** @param json the flows as they are now (JSON text) @param view {flowId, selectedId} shown now */
  constructor(json, view) {
    this.reset(json, view);
  }

  /** Forgets everything: the flows as they are now are the start. */
  reset(json, view) {
    this.undoStack = [];
    this.redoStack = [];
    this.current = { json, view };
    this.lastKey = null;
  }

  /**
   * Records a change.
   * @param json the flows after the change
   * @param view what is shown after it
   * @param key what changed (such as a field's id), or null: a change with the key of the previous one joins it
   * @returns true when the flows changed
   */
  record(json, view, key = null) {
    if (json === this.current.json) {
      this.current = { json, view };
      return false;
    }
    if (!(key && key === this.lastKey)) {
      this.undoStack.push(this.current);
      if (this.undoStack.length > LIMIT) this.undoStack.shift();
    }
    this.redoStack = [];
    this.current = { json, view };
    this.lastKey = key;
    return true;
  }

  /** Takes json as the present without a step of its own (the flows as the host saved them). */
  rebase(json, view) {
    this.current = { json, view };
    this.lastKey = null;
  }

  /** Keeps the flows and the history, with the view updated (a selection is not a change). */
  view(view) {
    this.current = { ...this.current, view };
  }

  get canUndo() {
    return this.undoStack.length > 0;
  }

  get canRedo() {
    return this.redoStack.length > 0;
  }

  /** @returns {json, view} to show, or null when there is nothing to undo */
  undo() {
    return this.move(this.undoStack, this.redoStack);
  }

  /** @returns {json, view} to show, or null when there is nothing to redo */
  redo() {
    return this.move(this.redoStack, this.undoStack);
  }

  move(from, to) {
    const entry = from.pop();
    if (!entry) return null;
    to.push(this.current);
    this.current = entry;
    this.lastKey = null;
    return entry;
  }
}
