// What the user has ticked on the Motifs screen (learned motifs and library motifs), shared by the
// cards, the library browser, the export bar and the scan form. Lives for the renderer session.
import { reactive } from 'vue';

const state = reactive({ motifs: new Set<number>(), library: new Set<number>(), libraryNames: new Map<number, string>() });

export function useMotifSelection() {
  return {
    state,
    toggleMotif(id: number) {
      if (state.motifs.has(id)) state.motifs.delete(id);
      else state.motifs.add(id);
    },
    toggleLibrary(id: number, name: string) {
      if (state.library.has(id)) {
        state.library.delete(id);
        state.libraryNames.delete(id);
      } else {
        state.library.add(id);
        state.libraryNames.set(id, name);
      }
    },
    clear() {
      state.motifs.clear();
      state.library.clear();
      state.libraryNames.clear();
    },
  };
}
