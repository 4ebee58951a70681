// Customer accounts: create, list (filters, ordering, pagination), edit, status changes.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startInstance, api, login, PASSWORD, uniqueEmail, uniqueTag, expectStatus, expectFieldErrors,
  show, createAccount, listClients, qs, ids, sortedIds,
} from './harness.mjs';

const PRODUCTS = ['CDN', 'STORAGE', 'STREAMING', 'DNS', 'DDOS', 'CLOUD'];

describe('customer accounts', () => {
  let env;
  let base;
  let reseller;
  let client;
  const tag = uniqueTag('acc'); // lower-case, appears in every field of the three accounts
  const TAG = tag.toUpperCase();
  const input = {};
  const users = {}; // name -> created user object
  const acct = {}; // name -> account id

  before(async () => {
    env = await startInstance({ resellers: 1 });
    base = env.base;
    reseller = env.resellers[0];
    client = api(base, await login(base, reseller.email, reseller.password));

    input.a = {
      email: `alpha.${tag}@example.com`,
      password: PASSWORD,
      company: `Zulu Trading ${tag}`,
      name: `Alice Anders ${tag}`,
      custom_id: `CUST-${tag}-A`,
      phone: '+1 555 0100',
      lang: 'de',
      country_code: 'DE',
    };
    input.t = {
      email: `test.${tag}@example.com`,
      password: PASSWORD,
      company: `Mike Testing ${tag}`,
      name: `Tom Tester ${tag}`,
      custom_id: `CUST-${tag}-T`,
      is_test: true,
    };
    input.c = {
      email: `charlie.${tag}@example.com`,
      password: PASSWORD,
      company: `Alpha Widgets ${tag}`,
      name: `Carol Clark ${tag}`,
      custom_id: `CUST-${tag}-C`,
      services: [{ product_name: 'CDN', available: false }],
    };
  });

  after(async () => {
    if (env) await env.close();
  });

  it('POST /iam/users creates three accounts with an Administrators user each', async () => {
    for (const key of ['a', 't', 'c']) {
      const r = await client.post('/iam/users', input[key]);
      expectStatus(r, 201, `create ${key}`);
      const u = r.body;
      assert.ok(Number.isInteger(u.id), `user id: ${show(r)}`);
      assert.ok(Number.isInteger(u.client) && u.client > 0, `user.client: ${show(r)}`);
      assert.notEqual(u.client, reseller.client_id, 'a new account, not the reseller\'s own');
      assert.equal(u.email, input[key].email);
      assert.equal(u.user_type, 'common');
      assert.ok(Array.isArray(u.groups), show(r));
      assert.ok(u.groups.some((g) => g.name === 'Administrators'), `groups must contain Administrators: ${show(r)}`);
      assert.ok(!r.text.includes(PASSWORD), 'the password must never be returned');
      users[key] = u;
      acct[key] = u.client;
    }
    assert.equal(new Set(Object.values(acct)).size, 3, 'three distinct accounts');
    assert.equal(users.a.name, input.a.name);
    assert.equal(users.a.company, input.a.company);
    assert.equal(users.a.lang, 'de');
  });

  it('the new user can sign in with the given password', async () => {
    assert.ok(acct.a, 'creation failed earlier');
    const token = await login(base, input.a.email, PASSWORD);
    assert.ok(token);
  });

  it('GET /iam/clients/{id} shows the account with the given fields', async () => {
    assert.ok(acct.a);
    const r = await client.get(`/iam/clients/${acct.a}`);
    expectStatus(r, 200, 'GET account');
    const a = r.body;
    assert.equal(a.id, acct.a);
    assert.equal(a.email, input.a.email);
    assert.equal(a.companyName, input.a.company);
    assert.equal(a.name, input.a.name);
    assert.equal(a.custom_id, input.a.custom_id);
    assert.equal(a.phone, input.a.phone);
    assert.equal(a.country_code, 'DE');
    assert.equal(a.is_test, false);
    assert.equal(a.deleted, false);
    assert.equal(a.status, 'preparation');
  });

  it('the test account is hidden by default; is_test=true shows only test accounts; is_test=false only others', async () => {
    const all = await listClients(client);
    const allIds = ids(all);
    assert.ok(allIds.includes(acct.a), 'account a listed');
    assert.ok(allIds.includes(acct.c), 'account c listed');
    assert.ok(!allIds.includes(acct.t), 'the test account must be hidden by default');
    assert.ok(all.every((x) => x.is_test === false), 'no test account in the default list');

    const tests = await listClients(client, { is_test: 'true' });
    assert.deepEqual(ids(tests), [acct.t], 'is_test=true gives only the test account');
    assert.equal(tests[0].is_test, true);

    const nonTests = await listClients(client, { is_test: 'false' });
    assert.deepEqual(sortedIds(nonTests), [...allIds].sort((x, y) => x - y), 'is_test=false equals the default list');
    // `all`: both, as "only deleted accounts, test or not" needs.
    const both = await listClients(client, { is_test: 'all' });
    assert.deepEqual(sortedIds(both), [...allIds, acct.t].sort((x, y) => x - y), 'is_test=all gives both');
    const bad = await client.get('/iam/clients?is_test=maybe');
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.errors.is_test, ['Use true, false or all.']);
  });

  it('every new account is in preparation with six products new and disabled', async () => {
    const listed = [...(await listClients(client)), ...(await listClients(client, { is_test: 'true' }))];
    for (const key of ['a', 't', 'c']) {
      const a = listed.find((x) => x.id === acct[key]);
      assert.ok(a, `account ${key} not listed`);
      assert.equal(a.status, 'preparation', `status of ${key}`);
      assert.ok(a.serviceStatuses && typeof a.serviceStatuses === 'object', `serviceStatuses of ${key}: ${JSON.stringify(a)}`);
      assert.deepEqual(Object.keys(a.serviceStatuses).sort(), [...PRODUCTS].sort(), `products of ${key}`);
      for (const p of PRODUCTS) {
        assert.equal(a.serviceStatuses[p].status, 'new', `${key} ${p}.status`);
        assert.equal(a.serviceStatuses[p].enabled, false, `${key} ${p}.enabled`);
      }
    }
  });

  describe('filters', () => {
    const expectOnly = async (params, expected, what) => {
      const list = await listClients(client, params);
      assert.deepEqual(sortedIds(list), [...expected].sort((x, y) => x - y), `${what} ${qs(params)}`);
    };

    it('email: case-insensitive substring', async () => {
      await expectOnly({ email: `ALPHA.${TAG}` }, [acct.a], 'email upper-case');
      await expectOnly({ email: `pha.${tag}@exa` }, [acct.a], 'email inner substring');
      await expectOnly({ email: tag }, [acct.a, acct.c], 'email: the test account stays hidden');
      await expectOnly({ email: tag, is_test: 'true' }, [acct.t], 'email + is_test');
    });

    it('name: case-insensitive substring', async () => {
      await expectOnly({ name: `carol CLARK ${tag}` }, [acct.c], 'name');
      await expectOnly({ name: TAG }, [acct.a, acct.c], 'name by tag');
    });

    it('companyName: case-insensitive substring', async () => {
      await expectOnly({ companyName: `zulu trading ${TAG}` }, [acct.a], 'companyName');
      await expectOnly({ companyName: `WIDGETS ${tag}` }, [acct.c], 'companyName substring');
    });

    it('custom_id: case-insensitive substring', async () => {
      await expectOnly({ custom_id: `cust-${tag}-c` }, [acct.c], 'custom_id lower-case');
      await expectOnly({ custom_id: `${TAG}-A` }, [acct.a], 'custom_id suffix');
    });

    it('a filter matching nothing gives an empty array', async () => {
      await expectOnly({ email: `no-such-${tag}` }, [], 'email nothing');
    });

    it('status=preparation', async () => {
      const list = await listClients(client, { status: 'preparation' });
      assert.ok(list.every((x) => x.status === 'preparation'), 'only preparation');
      const got = ids(list);
      assert.ok(got.includes(acct.a) && got.includes(acct.c), 'a and c are in preparation');
      await expectOnly({ status: 'active', email: tag }, [], 'status=active');
      await expectOnly({ status: 'active,preparation', email: tag }, [acct.a, acct.c], 'status list');
    });

    it('cdn=new lists them, cdn=active is empty', async () => {
      await expectOnly({ cdn: 'new', email: tag }, [acct.a, acct.c], 'cdn=new');
      const active = await listClients(client, { cdn: 'active' });
      assert.deepEqual(active, [], 'no account has CDN active');
      const dnsTrial = await listClients(client, { dns: 'trial' });
      assert.deepEqual(dnsTrial, [], 'no account has DNS in trial');
    });

    it('created_at_gte in the future is empty, in the past lists them; created_at_lte in the past is empty', async () => {
      assert.deepEqual(await listClients(client, { created_at_gte: '2999-01-01T00:00:00Z' }), []);
      await expectOnly({ created_at_gte: '2000-01-01T00:00:00Z', email: tag }, [acct.a, acct.c], 'created_at_gte past');
      await expectOnly({ created_at_gte: '2000-01-01', email: tag }, [acct.a, acct.c], 'created_at_gte date only');
      assert.deepEqual(await listClients(client, { created_at_lte: '2000-01-01T00:00:00Z' }), []);
    });

    it('personal_product_availability=CDN lists only the account with the override', async () => {
      await expectOnly({ personal_product_availability: 'CDN' }, [acct.c], 'personal_product_availability=CDN');
      await expectOnly({ personal_product_availability: 'CDN,DNS' }, [], 'personal_product_availability=CDN,DNS');
    });

    it('id__in and id__in__exclude', async () => {
      await expectOnly({ id__in: `${acct.a},${acct.c}` }, [acct.a, acct.c], 'id__in');
      await expectOnly({ id__in: `${acct.c}` }, [acct.c], 'id__in one');
      await expectOnly({ id__in: `${acct.a},${acct.c}`, id__in__exclude: `${acct.a}` }, [acct.c], 'id__in__exclude');
      await expectOnly({ id: acct.a }, [acct.a], 'id');
    });

    it('client_type=reseller gives the own account only', async () => {
      await expectOnly({ client_type: 'reseller' }, [reseller.client_id], 'client_type=reseller');
      const common = await listClients(client, { client_type: 'common' });
      assert.ok(!ids(common).includes(reseller.client_id), 'client_type=common excludes the own account');
      assert.ok(ids(common).includes(acct.a));
    });
  });

  describe('ordering and pagination', () => {
    const otag = uniqueTag('ord');
    const o = {};

    before(async () => {
      // Created in this order: ids increase b1 < b2 < b3 < b4.
      const specs = [
        ['b1', `Delta ${otag}`, `Yves ${otag}`],
        ['b2', `Bravo ${otag}`, `Anna ${otag}`],
        ['b3', `Delta ${otag}`, `Xena ${otag}`],
        ['b4', `Charlie ${otag}`, `Bert ${otag}`],
      ];
      for (const [key, company, name] of specs) {
        const u = await createAccount(client, { email: `${key}.${otag}@example.com`, company, name });
        o[key] = u.client;
      }
    });

    const order = async (ordering) => ids(await listClients(client, { companyName: otag, ordering }));

    it('ordering=companyName (ties by id)', async () => {
      assert.deepEqual(await order('companyName'), [o.b2, o.b4, o.b1, o.b3]);
    });

    it('ordering=-companyName', async () => {
      const got = await order('-companyName');
      assert.deepEqual(got.slice(0, 2).sort(), [o.b1, o.b3].sort(), 'the two Delta first');
      assert.deepEqual(got.slice(2), [o.b4, o.b2]);
    });

    it('ordering=-id and ordering=id', async () => {
      assert.deepEqual(await order('-id'), [o.b4, o.b3, o.b2, o.b1]);
      assert.deepEqual(await order('id'), [o.b1, o.b2, o.b3, o.b4]);
    });

    it('ordering by several fields: companyName,-id and -companyName,name', async () => {
      assert.deepEqual(await order('companyName,-id'), [o.b2, o.b4, o.b3, o.b1]);
      assert.deepEqual(await order('-companyName,name'), [o.b3, o.b1, o.b4, o.b2]);
    });

    it('ordering=name', async () => {
      assert.deepEqual(await order('name'), [o.b2, o.b4, o.b3, o.b1]);
    });

    it('no limit gives a plain array', async () => {
      const r = await client.get(`/iam/clients${qs({ companyName: otag })}`);
      expectStatus(r, 200);
      assert.ok(Array.isArray(r.body), show(r));
      assert.equal(r.body.length, 4);
    });

    it('limit=1&offset=1 gives {count, next, previous, results} with working links', async () => {
      const params = { companyName: otag, ordering: 'id' };
      const r = await client.get(`/iam/clients${qs({ ...params, limit: 1, offset: 1 })}`);
      expectStatus(r, 200, 'paginated list');
      const page = r.body;
      assert.ok(!Array.isArray(page) && page !== null, show(r));
      assert.equal(page.count, 4, 'count is the total number of matches');
      assert.deepEqual(ids(page.results), [o.b2]);
      assert.equal(typeof page.next, 'string', `next: ${show(r)}`);
      assert.equal(typeof page.previous, 'string', `previous: ${show(r)}`);

      const next = new URL(page.next); // absolute URL
      assert.match(next.protocol, /^https?:$/);
      assert.equal(next.searchParams.get('limit'), '1');
      assert.equal(next.searchParams.get('offset'), '2');
      const prev = new URL(page.previous);
      assert.equal(prev.searchParams.get('limit'), '1');
      assert.ok([null, '0'].includes(prev.searchParams.get('offset')), `previous offset: ${page.previous}`);

      // The links keep the filters and ordering.
      const n = await client.get(page.next);
      expectStatus(n, 200, 'follow next');
      assert.deepEqual(ids(n.body.results), [o.b3]);
      assert.equal(n.body.count, 4);
      const p = await client.get(page.previous);
      expectStatus(p, 200, 'follow previous');
      assert.deepEqual(ids(p.body.results), [o.b1]);
      assert.equal(p.body.previous, null, 'previous is null on the first page');
      assert.equal(typeof p.body.next, 'string');
    });

    it('the last page has next null', async () => {
      const r = await client.get(`/iam/clients${qs({ companyName: otag, ordering: 'id', limit: 3, offset: 3 })}`);
      expectStatus(r, 200);
      assert.equal(r.body.count, 4);
      assert.deepEqual(ids(r.body.results), [o.b4]);
      assert.equal(r.body.next, null, 'next is null on the last page');
      assert.equal(typeof r.body.previous, 'string');
    });

    it('a limit larger than the matches: one page, both links null', async () => {
      const r = await client.get(`/iam/clients${qs({ companyName: otag, limit: 1000 })}`);
      expectStatus(r, 200);
      assert.equal(r.body.count, 4);
      assert.equal(r.body.results.length, 4);
      assert.equal(r.body.next, null);
      assert.equal(r.body.previous, null);
    });

    it('an offset past the end gives empty results with the right count', async () => {
      const r = await client.get(`/iam/clients${qs({ companyName: otag, limit: 2, offset: 10 })}`);
      expectStatus(r, 200);
      assert.equal(r.body.count, 4);
      assert.deepEqual(r.body.results, []);
      assert.equal(r.body.next, null);
    });
  });

  describe('editing', () => {
    it('PATCH edits name, companyName, custom_id, phone and is_test; GET shows them', async () => {
      assert.ok(acct.a);
      const changes = {
        name: `Alice Renamed ${tag}`,
        companyName: `Zulu Holding ${tag}`,
        custom_id: `NEW-${tag}-#1/ä`,
        phone: '+49 30 123456',
        is_test: true,
      };
      const r = await client.patch(`/iam/clients/${acct.a}`, changes);
      expectStatus(r, 200, 'PATCH account');
      for (const [k, v] of Object.entries(changes)) assert.equal(r.body[k], v, `PATCH response ${k}`);

      const g = await client.get(`/iam/clients/${acct.a}`);
      expectStatus(g, 200);
      for (const [k, v] of Object.entries(changes)) assert.equal(g.body[k], v, `GET after PATCH ${k}`);
      assert.equal(g.body.email, input.a.email, 'untouched fields stay');

      // now a test account: hidden by default, shown with is_test=true
      assert.ok(!ids(await listClients(client)).includes(acct.a), 'hidden after is_test=true');
      assert.ok(ids(await listClients(client, { is_test: 'true' })).includes(acct.a));

      const back = await client.patch(`/iam/clients/${acct.a}`, { is_test: false });
      expectStatus(back, 200);
      assert.ok(ids(await listClients(client)).includes(acct.a), 'listed again after is_test=false');
      // filters see the new values
      assert.deepEqual(ids(await listClients(client, { companyName: `zulu holding ${tag}` })), [acct.a]);
    });

    it('PATCH email, website, lang and country_code', async () => {
      assert.ok(acct.c);
      const email = uniqueEmail('changed');
      const r = await client.patch(`/iam/clients/${acct.c}`, {
        email, website: 'https://widgets.example.com', lang: 'ru', country_code: 'FR',
      });
      expectStatus(r, 200, 'PATCH more fields');
      const g = await client.get(`/iam/clients/${acct.c}`);
      assert.equal(g.body.email, email);
      assert.equal(g.body.website, 'https://widgets.example.com');
      assert.equal(g.body.country_code, 'FR');
    });

    it('PATCH status "active" answers 400 errors.status and changes nothing', async () => {
      assert.ok(acct.c);
      const before = (await client.get(`/iam/clients/${acct.c}`)).body;
      const r = await client.patch(`/iam/clients/${acct.c}`, { status: 'active', name: 'Should Not Stick' });
      expectFieldErrors(r, ['status'], 'PATCH status');
      const after = (await client.get(`/iam/clients/${acct.c}`)).body;
      assert.equal(after.status, 'preparation');
      assert.equal(after.name, before.name, 'a refused request changes nothing');
    });
  });

  describe('account status changes', () => {
    it('creation is recorded as null -> preparation for each account', async () => {
      for (const key of ['a', 't', 'c']) {
        assert.ok(acct[key]);
        const r = await client.get(`/iam/activity_log/account_status_changes${qs({ client: acct[key] })}`);
        expectStatus(r, 200, `status changes of ${key}`);
        assert.ok(Array.isArray(r.body.result), `field "result": ${show(r)}`);
        assert.equal(r.body.count, 1, `exactly one change for ${key}: ${show(r)}`);
        const e = r.body.result[0];
        assert.equal(e.client, acct[key]);
        assert.equal(e.new_status, 'preparation');
        assert.equal(e.old_status, null);
        assert.equal(typeof e.status_change_at, 'string');
        assert.ok(!Number.isNaN(Date.parse(e.status_change_at)), `status_change_at: ${e.status_change_at}`);
        assert.ok(Number.isInteger(e.id));
      }
    });

    it('the unfiltered list has the created accounts, newest first', async () => {
      const r = await client.get('/iam/activity_log/account_status_changes?limit=1000');
      expectStatus(r, 200);
      const clients = r.body.result.map((e) => e.client);
      for (const key of ['a', 't', 'c']) assert.ok(clients.includes(acct[key]), `change for ${key}`);
      const got = r.body.result.map((e) => e.id);
      assert.deepEqual(got, [...got].sort((x, y) => y - x), 'newest first');
      assert.equal(r.body.count, r.body.result.length);
    });

    it('is paginated', async () => {
      const r = await client.get('/iam/activity_log/account_status_changes?limit=1&offset=0');
      expectStatus(r, 200);
      assert.equal(r.body.result.length, 1);
      assert.ok(r.body.count >= 3);
      assert.equal(typeof r.body.next, 'string');
      assert.equal(r.body.previous, null);
    });
  });

  it('GET /iam/clients without limit is streamed: chunked, every match in order, a bad query still 400', async () => {
    const query = { ordering: '-email' };
    const paged = [];
    for (let offset = 0; ; offset += 2) {
      const page = await client.get('/iam/clients' + qs({ ...query, limit: 2, offset }));
      expectStatus(page, 200);
      paged.push(...page.body.results);
      if (page.body.results.length === 0 || paged.length >= page.body.count) break;
    }
    const whole = await client.get('/iam/clients' + qs(query));
    expectStatus(whole, 200);
    assert.equal(whole.headers.get('transfer-encoding'), 'chunked');
    assert.equal(whole.headers.get('content-length'), null);
    assert.ok(paged.length >= 3);
    assert.deepEqual(ids(whole.body), ids(paged));
    assert.deepEqual(whole.body, paged, 'the same items, field for field');
    // Nothing matches: still a whole, empty array.
    const none = await client.get('/iam/clients' + qs({ email: 'no-such-substring-anywhere' }));
    expectStatus(none, 200);
    assert.deepEqual(none.body, []);
    const bad = await client.get('/iam/clients' + qs({ ordering: 'shoe_size' }));
    expectFieldErrors(bad, ['ordering']);
  });
});
