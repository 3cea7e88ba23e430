/**
 * The seed for a property whose run as a whole is also checked afterwards (which outcomes the
 * generators reached): FC_SEED when replaying, else a fresh one, as fast-check would choose.
 * fc.assert prints the seed of a failing case itself; the checks after it name this one.
 */
export function runSeed(): number {
  const replay = process.env.FC_SEED;
  return replay ? Number(replay) : Date.now() ^ (Math.random() * 0x100000000);
}
