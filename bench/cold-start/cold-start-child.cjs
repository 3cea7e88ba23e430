// One fresh Lambda-like process: load the bundle named by $HOSP_BENCH_BUNDLE, invoke its
// handler with the event in $HOSP_BENCH_EVENT, print the timings (and, for the API Gateway
// authorizer, its decision and context) as JSON and exit at once.
// performance.now() counts from the process's time origin, so `bootMs` is Node's own start.
const bootMs = performance.now();
const mod = require(process.env.HOSP_BENCH_BUNDLE);
const loadedMs = performance.now();
const event = JSON.parse(process.env.HOSP_BENCH_EVENT);
const context = {
  awsRequestId: 'cold-start-1',
  functionName: 'bench',
  getRemainingTimeInMillis: () => 29_000,
  callbackWaitsForEmptyEventLoop: false,
};
Promise.resolve(mod.handler(event, context)).then(
  (response) => {
    const answeredMs = performance.now();
    process.stdout.write(
      '\n@@cold-start@@' +
        JSON.stringify({
          bootMs,
          loadMs: loadedMs - bootMs,
          firstEventMs: answeredMs - loadedMs,
          readyMs: answeredMs - bootMs,
          status: response?.statusCode ?? null,
          // An authorizer answers { isAuthorized, context } instead of an HTTP response.
          ...(typeof response?.isAuthorized === 'boolean' && { authorized: response.isAuthorized, context: response.context }),
        }),
    );
    process.exit(0);
  },
  (error) => {
    process.stderr.write(String(error?.stack ?? error));
    process.exit(1);
  },
);
