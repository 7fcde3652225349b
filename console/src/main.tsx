import { render } from 'preact';
import { App } from './app.js';
import type { ConsoleSettings } from './context.js';
import './styles.css';

// Per deployment (e.g. where the Temporal UI is), so read at start rather than built in.
const settings: ConsoleSettings = await fetch('/console/config.json')
  .then((response) => (response.ok ? (response.json() as Promise<ConsoleSettings>) : { namespace: 'default' }))
  .catch(() => ({ namespace: 'default' }));

render(<App settings={settings} />, document.getElementById('app')!);
