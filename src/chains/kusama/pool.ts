/**
 * The pool's accounts on the Kusama side (SPEC §1), by public key, from the chain profile:
 * deposit addresses, stashes and other dedicated accounts. A transfer between two of them is
 * internal; a transfer from outside to a deposit address is a Deposit.
 */
import { KusamaProfile } from '../../config/profile'
import { decodeAnySs58, encodeKusamaAddress } from '../../domain/kusama-address'

export class PoolAccounts {
    /** public key hex → SS58 (prefix 2) */
    private readonly all = new Map<string, string>()
    private readonly deposit = new Set<string>()
    private readonly stash = new Set<string>()

    constructor(p: Pick<KusamaProfile, 'depositAddresses' | 'stashes' | 'otherPoolAccounts'>) {
        const add = (address: string, into?: Set<string>) => {
            const key = decodeAnySs58(address).publicKey
            this.all.set(key, encodeKusamaAddress(key))
            into?.add(key)
        }
        p.depositAddresses.forEach(a => add(a, this.deposit))
        p.stashes.forEach(a => add(a, this.stash))
        p.otherPoolAccounts.forEach(a => add(a))
        if (this.deposit.size === 0) throw new Error('the Kusama profile names no deposit address')
    }

    isPool(key: string): boolean { return this.all.has(key) }
    isDeposit(key: string): boolean { return this.deposit.has(key) }
    isStash(key: string): boolean { return this.stash.has(key) }
}

const addressCache = new Map<string, string>()

/** SS58 prefix 2 of a 0x public key (cached: the same accounts recur) */
export function kusamaAddress(key: string): string {
    let a = addressCache.get(key)
    if (a === undefined) {
        a = encodeKusamaAddress(key)
        if (addressCache.size > 100_000) addressCache.clear()
        addressCache.set(key, a)
    }
    return a
}
