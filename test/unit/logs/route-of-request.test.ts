import { NO_REQUEST_ROUTE, routeOfRequest } from '../../../src/tools/access-logs/route-of-request';

describe('routeOfRequest folds request lines into routes', () => {
  it.each([
    ['GET http://www.example.com:80/ HTTP/1.1', 'GET /'],
    ['GET https://www.example.com:443/hospitals HTTP/1.1', 'GET /hospitals'],
    ['GET https://www.example.com:443/hospitals/42 HTTP/1.1', 'GET /hospitals/{id}'],
    ['GET https://www.example.com:443/hospitals/42?verbose=1&x=2 HTTP/1.1', 'GET /hospitals/{id}'],
    ['GET https://www.example.com:443/hospitals/42.json HTTP/1.1', 'GET /hospitals/{id}.json'],
    ['GET https://www.example.com:443/hospitals.json HTTP/1.1', 'GET /hospitals.json'],
    ['GET https://www.example.com:443/patients/7/notes HTTP/2.0', 'GET /patients/{id}/notes'],
    ['POST https://www.example.com:443/patients/7/screen HTTP/1.1', 'POST /patients/{id}/screen'],
    ['DELETE https://www.example.com:443/hospitals/9/ HTTP/1.1', 'DELETE /hospitals/{id}'],
    ['GET https://www.example.com:443/staff/3f2504e0-4f89-11d3-9a0c-0305e82c3301 HTTP/1.1', 'GET /staff/{id}'],
    ['GET https://www.example.com:443/objects/0123456789abcdef0123 HTTP/1.1', 'GET /objects/{id}'],
    ['GET https://www.example.com:443/v2/hospitals#top HTTP/1.1', 'GET /v2/hospitals'],
    ['GET https://www.example.com:443?x=1 HTTP/1.1', 'GET /'],
    ['GET /relative/12 HTTP/1.1', 'GET /relative/{id}'],
  ])('%s → %s', (request, route) => {
    expect(routeOfRequest(request)).toBe(route);
  });

  it('groups requests ALB logged without a request line', () => {
    expect(routeOfRequest('- - -')).toBe(NO_REQUEST_ROUTE);
    expect(routeOfRequest('')).toBe(NO_REQUEST_ROUTE);
  });

  it('keeps words that merely contain digits', () => {
    expect(routeOfRequest('GET https://h:443/v2/ab12 HTTP/1.1')).toBe('GET /v2/ab12');
  });
});
