// The legacy HOSP simulator in its own process (so it never competes with the load generator
// for an event loop), driven over IPC by sim-process.mjs: options in, { url } out, then
// `stats` and `hospitals` requests answered until `close`.
import { requireDist } from './hosp-dist.mjs';

const { createLegacySimulator } = requireDist('tools/legacy-sim/legacy-simulator');

// Never outlive the benchmark, however it ends.
process.once('disconnect', () => process.exit(0));

process.once('message', async (options) => {
  const sim = await createLegacySimulator(options);
  process.send({ type: 'ready', url: sim.url });
  process.on('message', async (message) => {
    if (message.type === 'stats') process.send({ type: 'stats', id: message.id, value: sim.stats() });
    if (message.type === 'hospitals') process.send({ type: 'hospitals', id: message.id, value: sim.hospitals() });
    if (message.type === 'notes') process.send({ type: 'notes', id: message.id, value: sim.notes() });
    if (message.type === 'close') {
      await sim.close();
      process.exit(0);
    }
  });
});
