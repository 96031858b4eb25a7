// The app's screens, in the order a user works through them. Screens other than Projects load on
// first visit, so the app opens fast.
import { createRouter, createWebHashHistory } from 'vue-router';
import ProjectsView from './views/ProjectsView.vue';

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
    { path: '/data', name: 'data', component: () => import('./views/DataView.vue') },
    { path: '/train', name: 'train', component: () => import('./views/TrainView.vue') },
    { path: '/compare', name: 'compare', component: () => import('./views/CompareView.vue') },
    { path: '/motifs', name: 'motifs', component: () => import('./views/MotifsView.vue') },
    { path: '/syntax', name: 'syntax', component: () => import('./views/SyntaxView.vue') },
    { path: '/variants', name: 'variants', component: () => import('./views/VariantsView.vue') },
    { path: '/design', name: 'design', component: () => import('./views/DesignView.vue') },
    { path: '/export', name: 'export', component: () => import('./views/ExportView.vue') },
  ],
});
