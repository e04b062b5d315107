import '@xyflow/react/dist/style.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { editorStore } from './store/store.js';

// Start in the theme the system asks for; the toolbar toggles it.
if (window.matchMedia('(prefers-color-scheme: dark)').matches) {
  editorStore.getState().setUi({ theme: 'dark' });
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
