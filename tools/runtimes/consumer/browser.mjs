// Browsers: the page loads this bundle, which runs the checks against the endpoint in the page's
// `endpoint` query parameter (another origin) and POSTs the results back to the page's server.
import { runConsumerChecks } from './bundle-entry.mjs';

const endpoint = new URL(location.href).searchParams.get('endpoint');
runConsumerChecks(endpoint).then(
  (results) => fetch('/results', { method: 'POST', body: JSON.stringify(results) }),
  (error) => fetch('/results', { method: 'POST', body: JSON.stringify([{ name: 'page', ok: false, detail: String(error) }]) }),
);
