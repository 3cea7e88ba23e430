// The API-overhead baseline: a bare node:http server answering the same JSON hosp answers
// (the body and headers of a real GET /hospitals/{id}), with no routing, auth or store.
// GET → 200 with the body; POST → reads the body, 201 with the same body and a Location.
import * as http from 'node:http';

const body = process.env.HOSP_BENCH_BODY ?? '{}';
const etag = process.env.HOSP_BENCH_ETAG ?? '"1"';
const headers = { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), etag };

const server = http.createServer((req, res) => {
  if (req.method === 'POST') {
    req.resume();
    req.on('end', () => {
      res.writeHead(201, { ...headers, location: '/hospitals/1' });
      res.end(body);
    });
    return;
  }
  res.writeHead(200, headers);
  res.end(body);
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`bare server listening on http://127.0.0.1:${server.address().port}\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
