// Renderer entry: Vue app with Pinia and the router.
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { router } from './router';
import './styles.css';
import { dropTokenFromAddress } from './address-token';

dropTokenFromAddress(); // before the router reads the address

createApp(App).use(createPinia()).use(router).mount('#app');
