// The app's screens, in the order a user works through them.
import { createRouter, createWebHashHistory } from 'vue-router';
import ProjectsView from './views/ProjectsView.vue';
import DataView from './views/DataView.vue';
import TrainView from './views/TrainView.vue';
import MotifsView from './views/MotifsView.vue';
import SyntaxView from './views/SyntaxView.vue';
import VariantsView from './views/VariantsView.vue';
import DesignView from './views/DesignView.vue';
import ExportView from './views/ExportView.vue';
import CompareView from './views/CompareView.vue';

export interface Section {
  path: string;
  name: string;
  label: string;
  needsProject: boolean;
}

export const SECTIONS: Section[] = [
  { path: '/projects', name: 'projects', label: 'Projects', needsProject: false },
  { path: '/data', name: 'data', label: 'Data', needsProject: true },
  { path: '/train', name: 'train', label: 'Train', needsProject: true },
  { path: '/compare', name: 'compare', label: 'Compare', needsProject: true },
  { path: '/motifs', name: 'motifs', label: 'Motifs', needsProject: true },
  { path: '/syntax', name: 'syntax', label: 'Syntax', needsProject: true },
  { path: '/variants', name: 'variants', label: 'Variants', needsProject: true },
  { path: '/design', name: 'design', label: 'Design', needsProject: true },
  { path: '/export', name: 'export', label: 'Export', needsProject: true },
];

export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', redirect: '/projects' },
    { path: '/projects', name: 'projects', component: ProjectsView },
    { path: '/data', name: 'data', component: DataView },
    { path: '/train', name: 'train', component: TrainView },
    { path: '/compare', name: 'compare', component: CompareView },
    { path: '/motifs', name: 'motifs', component: MotifsView },
    { path: '/syntax', name: 'syntax', component: SyntaxView },
    { path: '/variants', name: 'variants', component: VariantsView },
    { path: '/design', name: 'design', component: DesignView },
    { path: '/export', name: 'export', component: ExportView },
  ],
});
