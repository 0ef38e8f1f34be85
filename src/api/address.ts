import { decodeAnySs58, encodeKusamaAddress } from '../domain/kusama-address'
import { BadRequest } from './paging'

/** A dashboard address: a Kusama account (any SS58 prefix, answered in prefix 2) or an Ethereum account (lower case). */
export type AccountAddress = { chain: 'KUSAMA'; address: string } | { chain: 'ETHEREUM'; address: string }

export function parseAccountAddress(input: string): AccountAddress {
    const s = input.trim()
    if (/^0x[0-9a-fA-F]{40}$/.test(s)) return { chain: 'ETHEREUM', address: s.toLowerCase() }
    try {
        return { chain: 'KUSAMA', address: encodeKusamaAddress(decodeAnySs58(s).publicKey) }
    } catch (e) {
        throw new BadRequest(`unknown address format: expected a Kusama (SS58) or an Ethereum (0x, 20 bytes) address, got ${JSON.stringify(input.slice(0, 80))}`)
    }
}
