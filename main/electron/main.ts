// Electron's entry point (package.json "main" → dist/main/electron/main.js): the real core, started.
import { createCore } from '../core/app-core';
import { startDesktopApp } from './app-lifecycle';

startDesktopApp({ createCore });
