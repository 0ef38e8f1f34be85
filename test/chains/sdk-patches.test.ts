/**
 * The SDK patches (src/chains/sdk-patches): the start-up version check passes on the installed SDK,
 * names package, expected and found version and the fixes on a mismatch, and SQUID_SDK_PATCHES=0
 * leaves both processors on the plain SDK. The patches are per process (module state of the SDK),
 * so the plain processors are made before the patched ones.
 */
import { makeProcessor as makeEthereumProcessor } from '../../src/chains/ethereum/processor'
import { makeProcessor as makeKusamaProcessor } from '../../src/chains/kusama/processor'
import {
    assertPatchedSdkVersions, ETHEREUM_PATCHED_PACKAGES, installedSdkVersion, KUSAMA_PATCHED_PACKAGES, PATCHED_SDK_VERSIONS, sdkPatchesEnabled,
} from '../../src/chains/sdk-patches'
import * as patches from '../../src/chains/sdk-patches'

/* eslint-disable @typescript-eslint/no-var-requires */
const cold = require('@subsquid/util-internal-ingest-tools/lib/cold')
const { Fetch1 } = require('@subsquid/substrate-data-raw/lib/fetch1')
const { SubstrateBatchProcessor } = require('@subsquid/substrate-processor')
const { EvmBatchProcessor } = require('@subsquid/evm-processor')
/* eslint-enable @typescript-eslint/no-var-requires */

const kusama = {
    kind: 'relay' as const, rpc: 'http://127.0.0.1:1', startBlock: 0,
    depositAddresses: [], stashes: [], otherPoolAccounts: [], minStakePlanck: 1n,
}
const ethereum = {
    rpc: 'http://127.0.0.1:1', chainId: 31337, startBlock: 0, finalityConfirmation: 1,
    pool: '0x0000000000000000000000000000000000000001', bond: '0x0000000000000000000000000000000000000002',
}

describe('SDK version check', () => {
    it('passes on the installed SDK, which is what the patches were written against', () => {
        for (const [pkg, version] of Object.entries(PATCHED_SDK_VERSIONS)) expect([pkg, installedSdkVersion(pkg)]).toEqual([pkg, version])
        expect(() => assertPatchedSdkVersions()).not.toThrow()
        expect(() => assertPatchedSdkVersions({ packages: KUSAMA_PATCHED_PACKAGES })).not.toThrow()
        expect(() => assertPatchedSdkVersions({ packages: ETHEREUM_PATCHED_PACKAGES })).not.toThrow()
    })

    it('names package, expected and found version, and the fixes, on a mismatch', () => {
        const installed = (pkg: string) => pkg === '@subsquid/util-internal-ingest-tools' ? '1.2.0'
            : pkg === '@subsquid/substrate-data-raw' ? undefined : installedSdkVersion(pkg)
        let message = ''
        try {
            assertPatchedSdkVersions({ packages: KUSAMA_PATCHED_PACKAGES, installed })
        } catch (e: any) {
            message = e.message
        }
        expect(message).toContain('@subsquid/util-internal-ingest-tools: expected 1.1.4, found 1.2.0')
        expect(message).toContain('@subsquid/substrate-data-raw: expected 1.2.0, found not installed')
        expect(message).not.toContain('@subsquid/substrate-processor:')
        expect(message).toMatch(/pin the expected versions/)
        expect(message).toContain('SQUID_SDK_PATCHES=0')
        // the Ethereum processor does not depend on substrate-data-raw
        expect(() => assertPatchedSdkVersions({ packages: ETHEREUM_PATCHED_PACKAGES, installed })).toThrow(/util-internal-ingest-tools: expected 1\.1\.4, found 1\.2\.0/)
    })
})

describe('SQUID_SDK_PATCHES', () => {
    it('is on unless 0, and refuses anything else', () => {
        expect(sdkPatchesEnabled({})).toBe(true)
        expect(sdkPatchesEnabled({ SQUID_SDK_PATCHES: '' })).toBe(true)
        expect(sdkPatchesEnabled({ SQUID_SDK_PATCHES: '1' })).toBe(true)
        expect(sdkPatchesEnabled({ SQUID_SDK_PATCHES: '0' })).toBe(false)
        expect(() => sdkPatchesEnabled({ SQUID_SDK_PATCHES: 'off' })).toThrow(/SQUID_SDK_PATCHES must be 0 .* or 1 .*, got "off"/)
    })

    const getColdSplit0 = Fetch1.prototype.getColdSplit0
    const coldIngest = cold.coldIngest

    it('=0: both processors run the plain SDK', () => {
        const k: any = makeKusamaProcessor(kusama, { SQUID_SDK_PATCHES: '0' })
        const e: any = makeEthereumProcessor(ethereum, { SQUID_SDK_PATCHES: '0' })
        expect(k.getRpcDataSource).toBe(SubstrateBatchProcessor.prototype.getRpcDataSource)
        expect(Object.getOwnPropertySymbols(k)).toEqual([])
        expect(e.getHotDataSource).toBe(EvmBatchProcessor.prototype.getHotDataSource)
        expect(Fetch1.prototype.getColdSplit0).toBe(getColdSplit0)
        expect(cold.coldIngest).toBe(coldIngest)
    })

    it('the processors run the version check when they start, unless SQUID_SDK_PATCHES=0', () => {
        const check = jest.spyOn(patches, 'assertPatchedSdkVersions')
        try {
            makeKusamaProcessor(kusama, { SQUID_SDK_PATCHES: '0' })
            makeEthereumProcessor(ethereum, { SQUID_SDK_PATCHES: '0' })
            expect(check).not.toHaveBeenCalled()
            check.mockImplementation(() => { throw new Error('fake mismatch') })
            expect(() => makeKusamaProcessor(kusama, {})).toThrow('fake mismatch')
            expect(() => makeEthereumProcessor(ethereum, {})).toThrow('fake mismatch')
            expect(check.mock.calls).toEqual([[{ packages: KUSAMA_PATCHED_PACKAGES }], [{ packages: ETHEREUM_PATCHED_PACKAGES }]])
        } finally {
            check.mockRestore()
        }
        // garbage in the patches' own settings is refused either way, and so is a SQUID_SDK_PATCHES that is not 0 or 1
        expect(() => makeKusamaProcessor(kusama, { SQUID_SDK_PATCHES: '0', KUSAMA_SPLIT_BLOCKS: 'ten' })).toThrow(/KUSAMA_SPLIT_BLOCKS must be a non-negative integer, got "ten"/)
        expect(() => makeEthereumProcessor(ethereum, { SQUID_SDK_PATCHES: 'no' })).toThrow(/SQUID_SDK_PATCHES must be/)
    })

    it('unset: every patch is installed (after the version check passed)', () => {
        const k: any = makeKusamaProcessor(kusama, {})
        const e: any = makeEthereumProcessor(ethereum, {})
        expect(k.getRpcDataSource).not.toBe(SubstrateBatchProcessor.prototype.getRpcDataSource)
        expect(e.getHotDataSource).not.toBe(EvmBatchProcessor.prototype.getHotDataSource)
        expect(Fetch1.prototype.getColdSplit0).not.toBe(getColdSplit0)
        expect(cold.coldIngest).not.toBe(coldIngest)
        expect(cold.coldIngest.original).toBe(coldIngest)
    })

    it('keeps the per-patch switches', () => {
        const k: any = makeKusamaProcessor(kusama, { KUSAMA_PREFILTER: '0', KUSAMA_COALESCE_BLOCKS: '0' })
        expect(k.getRpcDataSource).toBe(SubstrateBatchProcessor.prototype.getRpcDataSource)
        const e: any = makeEthereumProcessor(ethereum, { ETH_COALESCE_BLOCKS: '0' })
        expect(e.getHotDataSource).toBe(EvmBatchProcessor.prototype.getHotDataSource)
    })
})
