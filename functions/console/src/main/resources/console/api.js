// The service's own routes, by relative URL: the page is served at <origin>/console, so these resolve to
// <origin>/api/v1/safety/... — same origin, same authorizer, nothing to configure.
const BASE = 'api/v1/safety/';

export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || 'request failed');
    this.status = status;
    this.problem = problem;
  }
}

export async function api(method, path, body) {
  const init = { method, headers: { Accept: 'application/json, application/problem+json' }, credentials: 'same-origin', cache: 'no-store' };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(BASE + path, init);
  } catch (e) {
    throw new ApiError(0, { title: 'Network error', detail: 'the service could not be reached' });
  }
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch (e) {
    data = null;
  }
  if (!response.ok) {
    throw new ApiError(response.status, data && typeof data === 'object' ? data : { title: response.statusText || 'Error', status: response.status });
  }
  return data;
}

/** "a=1&b=x" of the non-empty values, each encoded. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && String(v) !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return s ? '?' + s : '';
}

/**
 * Calls fn every `ms` while started; one call at a time. now() refreshes at once (after an action): if a call is
 * under way, another follows it, so what is shown is never older than the action.
 */
export function poller(fn, ms) {
  let timer = null;
  let running = false;
  let busy = null;
  let again = false;
  const run = () => {
    if (busy) {
      again = true;
      return busy;
    }
    clearTimeout(timer);
    busy = (async () => {
      try {
        await fn();
      } catch (e) {
        // fn shows its own errors
      } finally {
        busy = null;
        if (again) {
          again = false;
          run();
        } else if (running) {
          timer = setTimeout(run, ms);
        }
      }
    })();
    return busy;
  };
  return {
    start() { if (!running) { running = true; run(); } },
    stop() { running = false; clearTimeout(timer); },
    now: run,
  };
}
