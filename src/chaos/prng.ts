/** Seeded PRNG (mulberry32) so fuzz failures reproduce: the seed is printed in assertion messages. */
export function mulberry32(seed: number): () => number {
    let a = seed >>> 0
    return () => {
        a = (a + 0x6d2b79f5) >>> 0
        let t = a
        t = Math.imul(t ^ (t >>> 15), t | 1)
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296
    }
}

export class Rng {
    private readonly next: () => number
    constructor(readonly seed: number) {
        this.next = mulberry32(seed)
    }
    /** integer in [0, n) */
    int(n: number): number {
        return Math.floor(this.next() * n)
    }
    bytes(len: number): Uint8Array {
        const out = new Uint8Array(len)
        for (let i = 0; i < len; i++) out[i] = this.int(256)
        return out
    }
    /** uniform-ish bigint in [0, 2^bits) */
    bigBits(bits: number): bigint {
        let x = 0n
        for (let i = 0; i < bits; i += 32) x = (x << 32n) | BigInt(this.int(2 ** 32))
        return x & ((1n << BigInt(bits)) - 1n)
    }
    /** bigint with a random bit length in [1, maxBits] (covers small and large magnitudes) */
    big(maxBits: number): bigint {
        return this.bigBits(1 + this.int(maxBits))
    }
    pick<T>(xs: readonly T[]): T {
        return xs[this.int(xs.length)]
    }
}
