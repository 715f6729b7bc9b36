import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { createApiClient } from './api/client';
import { bindEvents } from './api/events';
import { selectTransport } from './api/select-transport';
import { blockStrayFileDrops } from './lib/file-drops';
import { applyTheme } from './lib/theme';
import { createQueryClient } from './queries/query-client';

// Before the first paint, so a dark-theme user never sees a white flash.
applyTheme();
// For the page's life: a file dropped outside a drop zone must never replace the app.
blockStrayFileDrops(document);

const client = createApiClient(selectTransport());
const queryClient = createQueryClient();
// Bound once for the page's life, outside React, so StrictMode's double effects cannot double-subscribe.
bindEvents(client, queryClient);

const root = document.getElementById('root');
if (!root) throw new Error('index.html lost its #root element');
createRoot(root).render(
  <StrictMode>
    <App client={client} queryClient={queryClient} />
  </StrictMode>,
);
