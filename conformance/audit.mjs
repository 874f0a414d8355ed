// Runs graphql-http's GraphQL-over-HTTP server audits against a URL and prints the results.
//
//   node conformance/audit.mjs http://127.0.0.1:8000/graphql
//
// Prints a JSON list of {id, name, status, reason} on stdout, one entry per audit, in the
// package's order; status is "ok", or "notice" | "warn" | "error" with the package's reason.
// The audits run one at a time, so a failure's reason is never mixed up with another's.
// Exits 0 whatever the statuses are (tests/http/test_conformance.py judges them), 2 on misuse.
//
// With AUDIT_AUTHORIZATION set (e.g. "Bearer rgs_..."), every audit request carries it as the
// Authorization header, so the full schema is audited too; an environment variable rather than
// an argument keeps the token out of process listings.
import { serverAudits } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs <url of the GraphQL endpoint>');
  process.exit(2);
}

const authorization = process.env.AUDIT_AUTHORIZATION;
const fetchFn = authorization
  ? (input, init = {}) => {
      const headers = new Headers(init.headers);
      headers.set('authorization', authorization);
      return fetch(input, { ...init, headers });
    }
  : fetch;

const results = [];
for (const audit of serverAudits({ url, fetchFn })) {
  let result;
  try {
    result = await audit.fn();
  } catch (error) {
    // The package throws only when an audit cannot run at all (e.g. the server is down).
    result = { status: 'error', reason: `audit threw: ${error?.stack ?? error}` };
  }
  results.push({
    id: audit.id,
    name: audit.name,
    status: result.status,
    reason: result.status === 'ok' ? null : result.reason,
  });
}
process.stdout.write(JSON.stringify(results, null, 1) + '\n');
