// Undo and redo for the whole app: the project's one edit history (undo.* commands), the Undo and
// Redo buttons' labels, the keyboard shortcuts (Ctrl/Cmd+Z, Shift+Ctrl/Cmd+Z, Ctrl+Y), and a
// revision counter per area that screens watch to reload what an undo changed.
import { defineStore } from 'pinia';
import { reactive, ref, watch } from 'vue';
import { api, errorMessage, onInvoked } from '../api';
import { isUndoable, type UndoArea, type UndoState } from '@shared/api';
import { useAppStore } from './app';

/** Typing in a field keeps the browser's own undo of the text. */
function inTextField(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null;
  if (!el || !el.tagName) return false;
  if (el.isContentEditable) return true;
  if (el.tagName === 'TEXTAREA') return true;
  if (el.tagName === 'INPUT') return !['button', 'checkbox', 'radio', 'range', 'submit', 'reset', 'file', 'color'].includes((el as HTMLInputElement).type);
  return false;
}

export const useUndoStore = defineStore('undo', () => {
  const app = useAppStore();
  const state = ref<UndoState>({ undo: [], redo: [] });
  const busy = ref(false);
  const revision = reactive<Record<UndoArea, number>>({ data: 0, train: 0, motifs: 0, grammar: 0, design: 0, compare: 0, other: 0 });
  let installed = false;

  async function refresh() {
    try {
      state.value = await api.invoke('undo.state', {});
    } catch {
      state.value = { undo: [], redo: [] };
    }
  }

  async function step(what: 'undo' | 'redo') {
    if (busy.value || !app.project) return;
    if (!(what === 'undo' ? state.value.undo : state.value.redo).length) return;
    busy.value = true;
    try {
      const r = await api.invoke(what === 'undo' ? 'undo.undo' : 'undo.redo', {});
      state.value = r.state;
      for (const a of r.areas) revision[a]++;
      app.notify('info', `${what === 'undo' ? 'Undone' : 'Redone'}: ${r.label}.`);
    } catch (e) {
      app.notify('error', errorMessage(e));
      await refresh();
    } finally {
      busy.value = false;
    }
  }

  function onKey(e: KeyboardEvent) {
    if (!(e.ctrlKey || e.metaKey) || e.altKey || inTextField(e.target)) return;
    const k = e.key.toLowerCase();
    if (k === 'z') {
      e.preventDefault();
      void step(e.shiftKey ? 'redo' : 'undo');
    } else if (k === 'y' && !e.shiftKey) {
      e.preventDefault();
      void step('redo');
    }
  }

  function install() {
    if (installed) return;
    installed = true;
    onInvoked((name) => {
      if (isUndoable(name)) void refresh();
    });
    window.addEventListener('keydown', onKey);
    watch(() => app.project?.path, () => void refresh(), { immediate: true });
  }

  return { state, busy, revision, refresh, undo: () => step('undo'), redo: () => step('redo'), install };
});
