// Renderer entry: Vue app with Pinia and the router.
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { router } from './router';
import './styles.css';
import { addressWithoutToken } from '@shared/address-token';

// Browser mode: no access token left in the address bar or the history entry (before the router reads it).
const tokenFree = addressWithoutToken(window.location.href);
if (tokenFree !== null) window.history.replaceState(window.history.state, '', tokenFree);

createApp(App).use(createPinia()).use(router).mount('#app');
