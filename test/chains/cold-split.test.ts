/**
 * Historical sync splits (src/chains/sdk-patches/cold-split.ts): after setColdSplitSize the SDK's own
 * cold ingestion walks the finalized range in splits of that size, every block exactly once.
 */
import { setColdSplitSize } from '../../src/chains/sdk-patches/cold-split'

async function splitsOf(from: number, to: number): Promise<[number, number][]> {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const tools = require('@subsquid/util-internal-ingest-tools')
    const seen: [number, number][] = []
    const stream = tools.coldIngest({
        getFinalizedHeight: async () => to,
        getSplit: async (s: { range: { from: number; to: number } }) => {
            seen.push([s.range.from, s.range.to])
            return []
        },
        requests: [{ range: { from, to }, request: {} }],
        splitSize: 10, // what the SDK passes
        concurrency: 3,
        stopOnHead: true,
    })
    for await (const _ of stream) void _
    return seen.sort((a, b) => a[0] - b[0])
}

describe('cold split size', () => {
    it('replaces the SDK\'s 10-block splits, covering the range exactly once', async () => {
        // the SDK's splitRange evens the splits out: at most N blocks each, as few splits as that allows
        setColdSplitSize(37)
        expect(await splitsOf(0, 99)).toEqual([[0, 32], [33, 66], [67, 99]])
        setColdSplitSize(100)
        expect(await splitsOf(5, 204)).toEqual([[5, 104], [105, 204]])
        setColdSplitSize(100) // idempotent
        expect(await splitsOf(0, 0)).toEqual([[0, 0]])
        const many = await splitsOf(0, 2_345)
        expect(many).toHaveLength(24)
        many.forEach(([a, b], i) => {
            expect(b - a + 1).toBeLessThanOrEqual(100)
            if (i > 0) expect(a).toBe(many[i - 1][1] + 1)
        })
        expect([many[0][0], many[many.length - 1][1]]).toEqual([0, 2_345])
    })

    it('refuses a split size that is not a positive integer', () => {
        for (const bad of [0, -1, 1.5, NaN]) expect(() => setColdSplitSize(bad)).toThrow(/positive integer/)
    })
})
