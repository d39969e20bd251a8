// The server side of the designer/viewer contract, faked for smoke.mjs: records what the browser sends and answers
// with whatever the test set (problems, deploy status and delay, instance state).
const OPTIONS = {
  topics: [ 'org.prepare', 'pledge.publish', 'rating.ratify', 'rating.reject', 'quota.check' ],
  groups: [ { id: 'secretary', name: '支部书记' }, { id: 'committee', name: '支委委员' }, { id: 'org-department', name: '组织部门' } ],
  formKeys: [ { id: 'pledge', name: '公开承诺' }, { id: 'approval', name: '审批' }, { id: 'quota-review', name: '名额超限审核' } ],
  processes: [ 'org-cycle', 'member-cycle', 'practice', 'public-notice', 'recheck' ],
};

export function fakeApi() {
  const api = {
    problems: [], validations: [], deploys: [], deployStatus: 201, deployDelayMs: 0, state: {},
    reset() {
      api.validations = [];
      api.deploys = [];
    },
    async handle(req, res, url) {
      if (url.pathname === '/api/options') return json(res, 200, OPTIONS);
      if (url.pathname === '/api/state') return json(res, 200, api.state);
      if (req.method !== 'POST') return false;
      const request = { token: req.headers.requestverificationtoken, type: req.headers['content-type'], body: await read(req) };
      if (url.pathname === '/api/validate') {
        api.validations.push(request);
        return json(res, 200, { problems: api.problems });
      }
      if (url.pathname === '/api/deploy') {
        api.deploys.push(request);
        await new Promise(resolve => setTimeout(resolve, api.deployDelayMs));
        if (api.deployStatus === 400) {
          return json(res, 400, { title: 'Invalid definition', errors: [ { code: 'Topic', elementId: 'demote', line: 40, message: '未知的服务主题' } ] },
            'application/problem+json');
        }
        return json(res, api.deployStatus, { key: 'recheck', version: 3, id: 'recheck:3', url: null });
      }
      return false;
    },
  };
  return api;
}

function json(res, status, body, type = 'application/json') {
  res.writeHead(status, { 'Content-Type': `${type}; charset=utf-8` });
  res.end(JSON.stringify(body));
  return true;
}

async function read(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}
