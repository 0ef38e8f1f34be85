import { keccak256, toUtf8Bytes, Wallet } from 'ethers'
import { NotaryError } from './errors'

/** The fixed development key of the local chains (the devnet's PolkadotPool trusts its address). */
export const DEV_NOTARY_KEY = keccak256(toUtf8Bytes('eth:notary'))
/** Hardhat's chain id: the only chain where the development key may be used. */
export const LOCAL_CHAIN_ID = 31337

export interface NotaryKey {
    privateKey: string
    address: string
    dev: boolean
}

const LOUD = '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!'

export function devKeyWarning(context: string): string {
    return `${LOUD}\nWARNING: the claims notary is signing with the PUBLIC DEVELOPMENT KEY keccak256("eth:notary") (${context}).\n` +
        `Anyone can forge claims with it. Set NOTARY_KEY for any real deployment.\n${LOUD}`
}

/**
 * NOTARY_KEY (0x + 32 bytes hex) from the environment. Without it, only on the local chains
 * (chain id 31337), the development key — callers must log devKeyWarning() whenever they use it.
 * The development key is refused on every other chain, even when given explicitly.
 */
export function loadNotaryKey(ethChainId: number, env: NodeJS.ProcessEnv = process.env): NotaryKey {
    const raw = env.NOTARY_KEY?.trim()
    let privateKey: string
    if (raw) {
        if (!/^0x[0-9a-fA-F]{64}$/.test(raw)) throw new NotaryError('NOT_CONFIGURED', 'NOTARY_KEY must be 0x-prefixed hex of 32 bytes')
        privateKey = raw.toLowerCase()
    } else if (ethChainId === LOCAL_CHAIN_ID) {
        privateKey = DEV_NOTARY_KEY
    } else {
        throw new NotaryError('NOT_CONFIGURED', 'the notary has no signing key: set NOTARY_KEY')
    }
    const dev = privateKey === DEV_NOTARY_KEY
    if (dev && ethChainId !== LOCAL_CHAIN_ID) {
        throw new NotaryError('NOT_CONFIGURED', `refusing the public development notary key on chain ${ethChainId}`)
    }
    return { privateKey, address: new Wallet(privateKey).address, dev }
}
