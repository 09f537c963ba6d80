// workerd (through Miniflare): a module worker that runs the checks against the endpoint in its
// request's `endpoint` query parameter and answers with the results.
import { runConsumerChecks } from './bundle-entry.mjs';

export default {
  async fetch(request) {
    const endpoint = new URL(request.url).searchParams.get('endpoint');
    return Response.json(await runConsumerChecks(endpoint));
  },
};
