// k6 load test for clusters (k6 is not installable on every machine; scripts/ops/load.ts is the autocannon
// runner for here). Same mix as load.ts: log in once, then spread requests over the authenticated list and
// detail endpoints this server answers.
//   k6 run scripts/ops/load.k6.js --vus 50 --duration 5m \
//     --env BASE_URL=https://staging-api.xcr.example.com --env XCR_OPS_LOGIN=ops@example.com --env XCR_OPS_PASSWORD=...
// Thresholds (the runbook's targets): P95 < 500 ms, P99 < 1000 ms, errors < 1 %.
import http from 'k6/http';
import { check, fail } from 'k6';

const BASE_URL = (__ENV.BASE_URL || 'http://127.0.0.1:8000').replace(/\/+$/, '');

export const options = {
  vus: 50,
  duration: '5m',
  thresholds: {
    http_req_duration: ['p(95)<500', 'p(99)<1000'],
    http_req_failed: ['rate<0.01'],
    checks: ['rate>0.99'],
  },
  summaryTrendStats: ['avg', 'min', 'med', 'p(95)', 'p(99)', 'max'],
};

const LISTS = [
  ['/api/v1/auth/me', null],
  ['/api/v1/users?page=1&page_size=20', '/api/v1/users/'],
  ['/api/v1/projects?page=1&page_size=20', '/api/v1/projects/'],
  ['/api/v1/tasks?page=1&page_size=20', '/api/v1/tasks/'],
  ['/api/v1/issues?page=1&page_size=20', '/api/v1/issues/'],
  ['/api/v1/reports?page=1&page_size=20', '/api/v1/reports/'],
  ['/api/v1/statistics/overview', null],
];

export function setup() {
  const login = __ENV.XCR_OPS_LOGIN;
  const password = __ENV.XCR_OPS_PASSWORD;
  if (!login || !password) fail('set XCR_OPS_LOGIN and XCR_OPS_PASSWORD');
  const body = login.includes('@') ? { email: login, password } : { username: login, password };
  const res = http.post(`${BASE_URL}/api/v1/auth/login`, JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
  if (res.status !== 200) fail(`login failed: HTTP ${res.status}`);
  const token = res.json('access_token');
  const params = { headers: { authorization: `Bearer ${token}` } };
  const paths = [];
  for (const [list, detail] of LISTS) {
    const r = http.get(`${BASE_URL}${list}`, params);
    if (r.status !== 200) continue;
    paths.push(list);
    const items = detail ? r.json('items') : null;
    if (items && items.length > 0 && items[0].id) paths.push(`${detail}${items[0].id}`);
  }
  if (paths.length === 0) fail('no authenticated endpoint answered 200');
  return { token, paths };
}

export default function (data) {
  const path = data.paths[(__VU + __ITER) % data.paths.length];
  const res = http.get(`${BASE_URL}${path}`, { headers: { authorization: `Bearer ${data.token}` }, tags: { endpoint: path.split('?')[0] } });
  check(res, { 'status is 200': (r) => r.status === 200 });
}
