/** The seeded PRNG moved to src/chaos/prng.ts (`npm run chaos` draws its scenarios and faults from it); tests keep this path. */
export { mulberry32, Rng } from '../../src/chaos/prng'
