import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { appInfoFrom } from './app-info.js';
import './styles.css';

const info = appInfoFrom(window.location.search);
// On macOS the window shows the system's popover material behind a transparent page (popover.ts).
if (info.material) document.documentElement.dataset.material = info.material;

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    {/* Missing only when the preload failed: say so rather than render a popover that cannot act. */}
    {window.hermesBar ? (
      <App api={window.hermesBar} info={info} />
    ) : (
      <p role="alert" className="fatal">
        Hermes Bar’s popover could not connect to the app. Quit Hermes Bar and open it again.
      </p>
    )}
  </StrictMode>,
);
