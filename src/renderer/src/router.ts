// The app's screens, in the order a user works through them.
import { createRouter, createWebHashHistory } from 'vue-router';
import ProjectsView from './views/ProjectsView.vue';
import PlaceholderView from './views/PlaceholderView.vue';

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
    ...SECTIONS.filter((s) => s.name !== 'projects').map((s) => ({ path: s.path, name: s.name, component: PlaceholderView, props: { section: s.name } })),
  ],
});
