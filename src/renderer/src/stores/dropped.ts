// A file dropped on the window, on its way to the Data screen's import wizard.
import { ref } from 'vue';

/** Path of the last dropped file (a local path, or its copy in the data folder in browser mode). */
export const droppedPath = ref<string | null>(null);
