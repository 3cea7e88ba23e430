import { openApiProblems } from '../../../support/openapi-check';
import { hospitalsApiFixture } from '../../../support/hospitals-api-fixture';

describe('POST /hospitals with Idempotency-Key (one process, memory store)', () => {
  const post = (name: string, headers: Record<string, string> = {}) => ({ method: 'POST', path: '/hospitals', body: JSON.stringify({ name }), headers });

  it('creates once per key: a retry answers the first response with Idempotent-Replayed, also through the .json spelling', async () => {
    const api = await hospitalsApiFixture();
    const first = await api.authed(post('Keyed Clinic', { 'idempotency-key': 'k-1' }));
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const again = await api.authed(post('Keyed Clinic', { 'idempotency-key': 'k-1' }));
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toBe(first.body);
    expect(again.headers.location).toBe(first.headers.location);
    const viaJson = await api.authed({ ...post('Keyed Clinic', { 'idempotency-key': 'k-1' }), path: '/hospitals.json' });
    expect(viaJson.body).toBe(first.body);
    expect((await api.core.hospitals.list({ limit: 100 })).items.filter((h) => h.name === 'Keyed Clinic')).toHaveLength(1);
  });

  it('refuses the key with another body (422 IDEMPOTENCY_KEY_REUSED), checks the key (400), and without a key creates each time', async () => {
    const api = await hospitalsApiFixture();
    await api.authed(post('First', { 'idempotency-key': 'k-2' }));
    const reused = await api.authed(post('Second', { 'idempotency-key': 'k-2' }));
    expect(reused.statusCode).toBe(422);
    expect(JSON.parse(reused.body)).toMatchObject({ error: { code: 'IDEMPOTENCY_KEY_REUSED', details: { 'Idempotency-Key': expect.any(Array) } } });
    for (const key of ['a, b', 'x'.repeat(256), 'caf\u00e9', 'a b']) {
      expect((await api.authed(post('Odd', { 'idempotency-key': key }))).statusCode).toBe(400);
    }
    await api.authed(post('Unkeyed'));
    await api.authed(post('Unkeyed'));
    expect((await api.core.hospitals.list({ limit: 100 })).items.filter((h) => h.name === 'Unkeyed')).toHaveLength(2);
  });

  it('keeps nothing for a request that failed: a retry after a 400 runs again', async () => {
    const api = await hospitalsApiFixture();
    const bad = await api.authed({ method: 'POST', path: '/hospitals', body: JSON.stringify({ name: '' }), headers: { 'idempotency-key': 'k-3' } });
    expect(bad.statusCode).toBe(400);
    const good = await api.authed(post('Now valid', { 'idempotency-key': 'k-4' }));
    expect(good.statusCode).toBe(201);
    const sameKeyFixed = await api.authed({ method: 'POST', path: '/hospitals', body: JSON.stringify({ name: '' }), headers: { 'idempotency-key': 'k-3' } });
    expect(sameKeyFixed.statusCode).toBe(400);
  });

  it('answers as the OpenAPI document says (201 with Idempotent-Replayed, 422)', async () => {
    const api = await hospitalsApiFixture();
    await api.authed(post('Documented', { 'idempotency-key': 'k-5' }));
    const replayed = await api.authed(post('Documented', { 'idempotency-key': 'k-5' }));
    const reused = await api.authed(post('Other', { 'idempotency-key': 'k-5' }));
    expect([replayed.statusCode, reused.statusCode]).toEqual([201, 422]);
    expect(openApiProblems('post', '/hospitals', replayed)).toEqual([]);
    expect(openApiProblems('post', '/hospitals', reused)).toEqual([]);
  });
});
