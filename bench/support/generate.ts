import { Interface, Wallet } from 'ethers'
import { KusamaSimulator } from '../../src/local/kusama-sim'
import { EthereumDevnet, ethPrivateKey } from '../../src/local/ethereum-devnet'

/**
 * Long synthetic chains for benchmarks. Kusama: every block carries a utility.batch of three
 * transfers into the pool (≈10 events a block, like ENVIRONMENT.md's measurement). Ethereum:
 * alternating rounds of claims (TokensClaimed + mint Transfer) and burns (TokensBurned + burn
 * Transfer), one transaction a block, two logs each.
 */
export function generateKusamaChain(sim: KusamaSimulator, blocks: number, startMs: number): void {
    const senders = ['alice', 'bob', 'carol', 'dave']
    for (let i = 0; i < blocks; i++) {
        sim.batchTransfer(startMs + i * 6000, senders[i % senders.length], [
            { to: 'deposit', planck: 1_000_000_000_000n + BigInt(i) },
            { to: 'deposit', planck: 2_000_000_000_000n },
            { to: 'stash0', planck: 50_000_000n },
        ])
    }
}

/**
 * `blocks` blocks with one claim or burn transaction every `every` blocks (1: every block), the rest empty:
 * a claim density like mainnet's is a parameter, not the chain's shape.
 */
export async function generateEthChain(devnet: EthereumDevnet, blocks: number, every = 1): Promise<void> {
    if (every > 1) return generateSparseEthChain(devnet, blocks, every)
    const provider = devnet.provider
    await provider.send('evm_setAutomine', [true])
    const pool = new Interface(devnet.artifacts.PolkadotPool.abi)
    const lanes = 50
    const users = Array.from({ length: lanes }, (_, i) => new Wallet(ethPrivateKey(`bench${i}`)))
    for (const u of users) await devnet.fund(u.address)
    const nonces = users.map(() => 0)
    const recipient = '0x' + '11'.repeat(32)
    const revision = await devnet.poolRevision()
    let claimId = 1n
    let mined = 0
    for (let round = 0; mined < blocks; round++) {
        const mint = round % 2 === 0
        const n = Math.min(lanes, blocks - mined)
        const signed = await Promise.all(users.slice(0, n).map(async (u, i) => {
            let data: string
            if (mint) {
                const id = claimId++
                const claim = { claimId: id, amount: 10n ** 18n, claimBeforeBlock: 10n ** 9n, account: u.address }
                data = pool.encodeFunctionData('claimBonds', [devnet.addresses.aKSMb, id, claim.amount, claim.claimBeforeBlock, u.address,
                    devnet.signClaim({ bond: devnet.addresses.aKSMb, ...claim })])
            } else {
                // R1 burns an aKSMb amount, R0 shares; at ratio 1e18 both are 0.5e18
                data = pool.encodeFunctionData('burnBond', [devnet.addresses.aKSMb, 5n * 10n ** 17n, recipient])
            }
            void revision
            return u.signTransaction({
                type: 2, chainId: devnet.chainId, nonce: nonces[i]++, to: devnet.addresses.pool, data, gasLimit: 400_000n,
                maxFeePerGas: 100n * 10n ** 9n, maxPriorityFeePerGas: 10n ** 9n, value: 0n,
            })
        }))
        // one sender per transaction in a batch: automine mines each in its own block, in any order
        for (const tx of signed) await provider.send('eth_sendRawTransaction', [tx])
        mined += n
    }
    await provider.send('evm_setAutomine', [false])
}

/** one transaction block, then `every - 1` empty blocks (hardhat_mine), alternating claims and burns */
async function generateSparseEthChain(devnet: EthereumDevnet, blocks: number, every: number): Promise<void> {
    const provider = devnet.provider
    const pool = new Interface(devnet.artifacts.PolkadotPool.abi)
    const user = new Wallet(ethPrivateKey('bench-sparse'))
    await devnet.fund(user.address)
    await provider.send('evm_setAutomine', [true])
    const recipient = '0x' + '11'.repeat(32)
    let nonce = 0
    for (let mined = 0, k = 0; mined < blocks; k++) {
        const id = BigInt(k + 1)
        const data = k % 2 === 0
            ? pool.encodeFunctionData('claimBonds', [devnet.addresses.aKSMb, id, 10n ** 18n, 10n ** 9n, user.address,
                devnet.signClaim({ bond: devnet.addresses.aKSMb, claimId: id, amount: 10n ** 18n, claimBeforeBlock: 10n ** 9n, account: user.address })])
            : pool.encodeFunctionData('burnBond', [devnet.addresses.aKSMb, 5n * 10n ** 17n, recipient])
        const tx = await user.signTransaction({
            type: 2, chainId: devnet.chainId, nonce: nonce++, to: devnet.addresses.pool, data, gasLimit: 400_000n,
            maxFeePerGas: 100n * 10n ** 9n, maxPriorityFeePerGas: 10n ** 9n, value: 0n,
        })
        await provider.send('eth_sendRawTransaction', [tx])
        const empty = Math.min(every - 1, blocks - mined - 1)
        if (empty > 0) await provider.send('hardhat_mine', ['0x' + empty.toString(16)])
        mined += 1 + empty
    }
    await provider.send('evm_setAutomine', [false])
}
