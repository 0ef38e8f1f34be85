import { base58Decode, encodeAddress } from '@polkadot/util-crypto'
import { hexlify } from 'ethers'
import { EthereumDevnet, MinedEthBlock } from '../../src/local/ethereum-devnet'

export const START = 1767571200 // 2026-01-05T00:00:00Z
export const E18 = 10n ** 18n

/** decoded logs of a mined block (pool and token events) */
export function parsed(d: EthereumDevnet, b: MinedEthBlock) {
    return b.logs.map(l => {
        const c = l.address === d.addresses.pool ? d.contracts.pool : d.contracts.aKSMb
        const ev = c.interface.parseLog({ topics: l.topics, data: l.data })!
        return { address: l.address, name: ev.name, signature: ev.signature, args: ev.args.toArray(), logIndex: l.logIndex }
    })
}

/** raw 35-byte SS58 payload (network ‖ key ‖ checksum) as computed by @polkadot/util-crypto */
export function ss58Bytes(key: Uint8Array, network: number): string {
    return hexlify(base58Decode(encodeAddress(key, network)))
}

export async function expectRevert(p: Promise<unknown>, name: string | RegExp): Promise<Error> {
    let err: any
    try { await p } catch (e) { err = e }
    if (!err) throw new Error(`expected a revert matching ${name}, but it succeeded`)
    if (typeof name === 'string') expect(err.revertName ?? err.message).toBe(name)
    else expect(err.message).toMatch(name)
    return err
}
