// A dead endpoint, told apart from one bad answer: which failures are the endpoint's, and the error that
// stops a run after several of them in a row, in words that say what to do.
import { plural } from '../util/plural';
import { LlmError } from './errors';

/**
 * Failures left after the client's retries that say nothing about the trajectory: the endpoint is down or overloaded,
 * or answers with something that is not a chat completion (a web page at the base URL, a proxy's error page).
 */
const ENDPOINT_KINDS: ReadonlySet<LlmError['kind']> = new Set(['unreachable', 'timeout', 'server', 'rate-limited', 'bad-response']);

export function isEndpointFailure(e: unknown): e is LlmError {
  return e instanceof LlmError && ENDPOINT_KINDS.has(e.kind);
}

/** The base URL without user, password, query or fragment, which may hold a secret. */
export function endpointLabel(baseURL: string): string {
  try {
    const url = new URL(baseURL);
    url.username = url.password = url.search = url.hash = '';
    return url.href.replace(/\/$/, '');
  } catch {
    return 'its address';
  }
}

function failureWords(e: LlmError): string {
  const tries = `after ${e.attempts} ${e.attempts === 1 ? 'try' : 'tries'}`;
  switch (e.kind) {
    case 'unreachable':
      return `connection failed ${tries}`;
    case 'timeout':
      return `timeout ${tries}`;
    case 'rate-limited':
      return `rate limited (429) ${tries}`;
    default:
      return `server error${e.status ? ` ${e.status}` : ''} ${tries}`;
  }
}

/** The endpoint failed, retries included, for `trajectories` trajectories in a row: the run stops, resumable. */
export class LlmEndpointDown extends Error {
  override readonly name = 'LlmEndpointDown';
  /** The last failure; its kind says how the endpoint failed. */
  readonly last: LlmError;
  readonly trajectories: number;

  constructor(last: LlmError, trajectories: number) {
    const where = last.endpoint ? ` at ${endpointLabel(last.endpoint)}` : '';
    super(
      `The LLM endpoint${where} ${last.kind === 'bad-response' ? 'answered with something other than a chat completion (is the base URL an OpenAI-compatible /v1?)' : `did not answer (${failureWords(last)})`} for ${plural(trajectories, 'trajectory', 'trajectories')} in a row. ` +
        'Check it is running, or Settings → Test connection, then Resume.',
      { cause: last },
    );
    this.last = last;
    this.trajectories = trajectories;
  }
}
