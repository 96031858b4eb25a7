// Whether the glossary panel is open and which term it shows: one reactive object shared by the
// app bar, the F1/? shortcut and every ⓘ.
import { reactive } from 'vue';

const state = reactive({ open: false, focus: null as string | null });

export function useGlossary() {
  return {
    state,
    show(term: string | null = null) {
      state.focus = term;
      state.open = true;
    },
    close() {
      state.open = false;
    },
    toggle() {
      state.open = !state.open;
      if (!state.open) state.focus = null;
    },
  };
}
