// Entry point of the renderer, the same build for Electron and for the browser.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { applyTheme, cachedTheme } from './state/theme';
import './app/theme.css';
import './app/app.css';

applyTheme(cachedTheme());

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
