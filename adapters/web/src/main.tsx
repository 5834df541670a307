// Browser entry point: mounts the app on #root. No inline script anywhere, so the server's CSP
// (script-src 'self') holds.
import { render } from 'preact';
import { App } from './app';

const root = document.getElementById('root');
if (root) {
  root.textContent = '';
  render(<App />, root);
}
