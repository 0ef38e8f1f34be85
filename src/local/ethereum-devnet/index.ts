/** Local Ethereum devnet: a Hardhat node (automine off) with PolkadotPool, aKSMb and aDOTb deployed.
 *  Every operation mines exactly one block at an explicit timestamp; a snapshot is taken before each
 *  block so `reorg` can replace the last blocks. */
import { ChildProcess, spawn } from 'child_process'
import * as path from 'path'
import {
    Contract, getAddress, getCreateAddress, Interface, isAddress, JsonRpcProvider, keccak256, toBeHex, toQuantity, toUtf8Bytes, Wallet,
} from 'ethers'
import { signClaim } from '../../chains/ethereum/claim-signature'
import { freePort } from '../../util/free-port'
import { Artifacts, compileContracts, REPO_ROOT } from './compile'
import { addressMappingSlot, variableSlot } from './storage-slots'

export interface DevnetConfig {
    port?: number
    /** unix seconds of the deployment block (default: now); genesis is 12 s earlier */
    startTime?: number
}

export interface MinedLog { address: string; topics: string[]; data: string; logIndex: number }

export interface MinedEthBlock {
    height: number
    hash: string
    timestamp: number
    txHash?: string
    logs: MinedLog[]
}

export interface ClaimArgs {
    bond?: string              // default aKSMb
    claimId: bigint
    amount: bigint             // shares
    claimBeforeBlock: bigint
    account: string            // address or account name
    signature: string
}

export type ContractName = 'pool' | 'aKSMb' | 'aDOTb'
export type BlockTag = number | string

/** Error thrown when a transaction would revert (or reverted: then its block is rolled back). */
export class EthRevertError extends Error {
    constructor(message: string, readonly revertName?: string, readonly revertArgs: unknown[] = []) {
        super(message)
        this.name = 'EthRevertError'
    }
}

const HARDHAT_CLI = path.join(REPO_ROOT, 'node_modules', 'hardhat', 'internal', 'cli', 'cli.js')
/** Preloaded into the Hardhat process: it exits when our end of its stdin closes (i.e. when we die). */
const WATCHDOG = 'data:text/javascript,' + encodeURIComponent(
    'process.stdin.on("end",()=>process.exit(0));process.stdin.on("error",()=>process.exit(0));process.stdin.resume();')
const ONE_THOUSAND_ETH = '0x' + (1000n * 10n ** 18n).toString(16)
const MAX_FEE = 100n * 10n ** 9n
const PRIORITY_FEE = 10n ** 9n
const CHAIN_ID = 31337

export function ethPrivateKey(name: string): string {
    return keccak256(toUtf8Bytes('eth:' + name))
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms))

function hexNum(x: string | number): number {
    return typeof x === 'number' ? x : Number(BigInt(x))
}

export class EthereumDevnet {
    readonly chainId = CHAIN_ID
    readonly provider: JsonRpcProvider
    readonly contracts: { pool: Contract; aKSMb: Contract; aDOTb: Contract }
    /** height of the last block mined by an op (not by finalize) */
    private lastContentHeight: number
    private readonly snapshots = new Map<number, string>()   // height → snapshot taken just before it was mined
    private funded = new Set<string>()
    private queue: Promise<unknown> = Promise.resolve()
    private nextClaimId = 1_000_000_000n
    private readonly interfaces: Interface[]
    private stopped = false
    private readonly onExit = () => { try { this.child.kill('SIGKILL') } catch { /* gone */ } }

    private constructor(
        private readonly child: ChildProcess,
        readonly port: number,
        readonly artifacts: Artifacts,
        readonly addresses: { pool: string; aKSMb: string; aDOTb: string },
        readonly deployBlock: number,
        private readonly output: () => string,
    ) {
        this.provider = EthereumDevnet.makeProvider(port)
        this.contracts = {
            pool: new Contract(addresses.pool, artifacts.PolkadotPool.abi, this.provider),
            aKSMb: new Contract(addresses.aKSMb, artifacts.aKSMb.abi, this.provider),
            aDOTb: new Contract(addresses.aDOTb, artifacts.aKSMb.abi, this.provider),
        }
        this.interfaces = [this.contracts.pool.interface, this.contracts.aKSMb.interface]
        this.lastContentHeight = deployBlock
        process.on('exit', this.onExit)
    }

    get rpcUrl(): string { return `http://127.0.0.1:${this.port}` }
    get wsUrl(): string { return `ws://127.0.0.1:${this.port}` }
    /** PID of the Hardhat server process */
    get pid(): number | undefined { return this.child.pid }
    /** last lines the Hardhat node printed (diagnostics) */
    get nodeOutput(): string { return this.output() }

    private static makeProvider(port: number): JsonRpcProvider {
        return new JsonRpcProvider(`http://127.0.0.1:${port}`, { chainId: CHAIN_ID, name: 'hardhat' },
            { staticNetwork: true, batchMaxCount: 1, cacheTimeout: -1 })
    }

    // ------------------------------------------------------------------ lifecycle

    static async start(cfg: DevnetConfig = {}): Promise<EthereumDevnet> {
        const artifacts = compileContracts()
        const startTime = Math.floor(cfg.startTime ?? Date.now() / 1000)
        let lastErr: unknown
        for (let attempt = 0; attempt < (cfg.port ? 1 : 3); attempt++) {
            const port = cfg.port ?? await freePort()
            let child: ChildProcess | undefined
            try {
                const started = await EthereumDevnet.spawnNode(port, startTime - 12)
                child = started.child
                return await EthereumDevnet.deploy(started.child, port, artifacts, startTime, started.output)
            } catch (e) {
                lastErr = e
                if (child && child.exitCode == null) {
                    child.kill('SIGKILL')
                }
            }
        }
        throw lastErr
    }

    private static async spawnNode(port: number, genesisTime: number): Promise<{ child: ChildProcess; output: () => string }> {
        const child = spawn(process.execPath, ['--import', WATCHDOG, HARDHAT_CLI, 'node', '--hostname', '127.0.0.1', '--port', String(port)], {
            cwd: REPO_ROOT,
            env: {
                ...process.env,
                HARDHAT_DISABLE_TELEMETRY_PROMPT: 'true',
                DEVNET_INITIAL_DATE: new Date(genesisTime * 1000).toISOString(),
            },
            stdio: ['pipe', 'pipe', 'pipe'],
        })
        let out = ''
        const keep = (d: Buffer) => { out = (out + d.toString()).slice(-20_000) }
        child.stdout!.on('data', keep)
        child.stderr!.on('data', keep)
        // The devnet must not keep its owner alive by itself; when the owner exits, the stdin pipe closes
        // and the watchdog ends the server.
        child.unref()
        for (const s of [child.stdin, child.stdout, child.stderr] as any[]) s?.unref?.()
        const output = () => out
        const deadline = Date.now() + 60_000
        for (;;) {
            if (child.exitCode != null || child.signalCode != null) {
                throw new Error(`hardhat node exited (${child.exitCode ?? child.signalCode}) on port ${port}:\n${out}`)
            }
            try {
                const res = await fetch(`http://127.0.0.1:${port}`, {
                    method: 'POST', headers: { 'content-type': 'application/json' },
                    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
                })
                const j: any = await res.json()
                if (hexNum(j.result) === CHAIN_ID) return { child, output }
            } catch { /* not yet */ }
            if (Date.now() > deadline) {
                child.kill('SIGKILL')
                throw new Error(`hardhat node did not answer on port ${port}:\n${out}`)
            }
            await sleep(50)
        }
    }

    private static async deploy(child: ChildProcess, port: number, artifacts: Artifacts, startTime: number, output: () => string): Promise<EthereumDevnet> {
        const provider = EthereumDevnet.makeProvider(port)
        try {
            await provider.send('hardhat_setLoggingEnabled', [false])
            await provider.send('evm_setAutomine', [false])
            await provider.send('evm_setIntervalMining', [0])
            const operator = new Wallet(ethPrivateKey('operator'), provider)
            const notary = new Wallet(ethPrivateKey('notary'))
            await provider.send('hardhat_setBalance', [operator.address, ONE_THOUSAND_ETH])
            await provider.send('hardhat_setBalance', [notary.address, ONE_THOUSAND_ETH])
            let nonce = hexNum(await provider.send('eth_getTransactionCount', [operator.address, 'pending']))
            const tokenIface = new Interface(artifacts.aKSMb.abi)
            const poolIface = new Interface(artifacts.PolkadotPool.abi)
            const addr = {
                aKSMb: getCreateAddress({ from: operator.address, nonce }),
                aDOTb: getCreateAddress({ from: operator.address, nonce: nonce + 1 }),
                pool: getCreateAddress({ from: operator.address, nonce: nonce + 2 }),
            }
            const txs: { to?: string; data: string; gasLimit: bigint }[] = [
                { data: artifacts.aKSMb.bytecode + tokenIface.encodeDeploy(['Ankr Kusama Bond', 'aKSMb', operator.address]).slice(2), gasLimit: 6_000_000n },
                { data: artifacts.aKSMb.bytecode + tokenIface.encodeDeploy(['Ankr Polkadot Bond', 'aDOTb', operator.address]).slice(2), gasLimit: 6_000_000n },
                { data: artifacts.PolkadotPool.bytecode + poolIface.encodeDeploy([operator.address, notary.address, 1]).slice(2), gasLimit: 8_000_000n },
                { to: addr.aKSMb, data: tokenIface.encodeFunctionData('setPool', [addr.pool]), gasLimit: 200_000n },
                { to: addr.aDOTb, data: tokenIface.encodeFunctionData('setPool', [addr.pool]), gasLimit: 200_000n },
                { to: addr.pool, data: poolIface.encodeFunctionData('addBond', [addr.aKSMb]), gasLimit: 200_000n },
                { to: addr.pool, data: poolIface.encodeFunctionData('addBond', [addr.aDOTb]), gasLimit: 200_000n },
            ]
            const hashes: string[] = []
            for (const tx of txs) {
                const signed = await operator.signTransaction({
                    type: 2, chainId: CHAIN_ID, nonce: nonce++, to: tx.to ?? null, data: tx.data, gasLimit: tx.gasLimit,
                    maxFeePerGas: MAX_FEE, maxPriorityFeePerGas: PRIORITY_FEE, value: 0n,
                })
                hashes.push(await provider.send('eth_sendRawTransaction', [signed]))
            }
            for (const h of hashes) await EthereumDevnet.waitPending(provider, h)
            await provider.send('evm_mine', [startTime])
            for (const h of hashes) {
                const r = await provider.send('eth_getTransactionReceipt', [h])
                if (!r || r.status !== '0x1') throw new Error(`deployment transaction ${h} failed: ${JSON.stringify(r)}`)
            }
            const head = await provider.send('eth_getBlockByNumber', ['latest', false])
            if (hexNum(head.timestamp) !== startTime) throw new Error(`deployment block timestamp ${hexNum(head.timestamp)} != ${startTime}`)
            const devnet = new EthereumDevnet(child, port, artifacts, addr, hexNum(head.number), output)
            devnet.funded.add(operator.address)
            devnet.funded.add(notary.address)
            return devnet
        } finally {
            provider.destroy()
        }
    }

    async stop(): Promise<void> {
        if (this.stopped) return
        this.stopped = true
        process.removeListener('exit', this.onExit)
        this.provider.destroy()
        const child = this.child
        if (child.exitCode != null || child.signalCode != null) return
        const exited = new Promise<void>(resolve => child.once('exit', () => resolve()))
        child.kill('SIGTERM')
        const t = setTimeout(() => child.kill('SIGKILL'), 3000)
        await exited
        clearTimeout(t)
    }

    // ------------------------------------------------------------------ accounts

    static privateKey(name: string): string { return ethPrivateKey(name) }

    wallet(name: string): Wallet {
        return new Wallet(ethPrivateKey(name), this.provider)
    }

    address(name: string): string {
        return new Wallet(ethPrivateKey(name)).address
    }

    /** an address as is (checksummed), or the address of an account name */
    resolve(nameOrAddress: string): string {
        return nameOrAddress.startsWith('0x') && isAddress(nameOrAddress) ? getAddress(nameOrAddress) : this.address(nameOrAddress)
    }

    /** gives `name` 1,000 ETH on first use (also done by every op for its sender) */
    async fund(nameOrAddress: string): Promise<void> {
        const a = this.resolve(nameOrAddress)
        if (this.funded.has(a)) return
        await this.rpc('hardhat_setBalance', [a, ONE_THOUSAND_ETH])
        this.funded.add(a)
    }

    // ------------------------------------------------------------------ ops (each mines exactly one block)

    /** PolkadotPool.claimBonds(bond, claimId, amount, claimBeforeBlock, account, signature) */
    claimBonds(at: number | undefined, relayer: string, claim: ClaimArgs): Promise<MinedEthBlock> {
        return this.tx(at, relayer, 'pool', 'claimBonds', [
            claim.bond ?? this.addresses.aKSMb, claim.claimId, claim.amount, claim.claimBeforeBlock, this.resolve(claim.account), claim.signature,
        ])
    }

    /** The view PolkadotPool.isClaimValid(token, claimId, claimBeforeBlock, amount, account, signature) — note
     *  claimBeforeBlock BEFORE amount, unlike claimBonds (SPEC §1) — at `blockTag` (default latest). */
    isClaimValid(claim: ClaimArgs, blockTag?: BlockTag): Promise<boolean> {
        return this.contracts.pool.isClaimValid(
            claim.bond ?? this.addresses.aKSMb, claim.claimId, claim.claimBeforeBlock, claim.amount, this.resolve(claim.account), claim.signature,
            { blockTag: blockTag ?? 'latest' })
    }

    /** the notary's signature for a claim */
    signClaim(claim: Omit<ClaimArgs, 'signature'>): string {
        return signClaim(ethPrivateKey('notary'), claim.bond ?? this.addresses.aKSMb, claim.claimId, claim.amount, claim.claimBeforeBlock, this.resolve(claim.account))
    }

    /** Test/scenario convenience: a notary-signed claim of `shares` for `account`, submitted by `relayer` (default: the account). */
    async mintShares(at: number | undefined, account: string, shares: bigint, opts: { bond?: string; relayer?: string; claimId?: bigint; claimBeforeBlock?: bigint } = {}): Promise<MinedEthBlock & { claimId: bigint }> {
        const claimId = opts.claimId ?? this.nextClaimId++
        return this.serial(async () => {
            const claimBeforeBlock = opts.claimBeforeBlock ?? BigInt((await this.head()).height + 1000)
            const claim = { bond: opts.bond ?? this.addresses.aKSMb, claimId, amount: shares, claimBeforeBlock, account: this.resolve(account) }
            const block = await this.sendTx(at, opts.relayer ?? account, 'pool', 'claimBonds', [
                claim.bond, claimId, shares, claimBeforeBlock, claim.account, this.signClaim(claim)])
            return { ...block, claimId }
        })
    }

    burn(at: number | undefined, eth: string, amount: bigint, recipient: string, bond?: string): Promise<MinedEthBlock> {
        return this.tx(at, eth, 'pool', 'burnBond', [bond ?? this.addresses.aKSMb, amount, recipient])
    }

    /** aKSMb.transfer(to, amount): moves balanceToShares(amount) shares; its Transfer log carries the aKSMb amount */
    transferBond(at: number | undefined, from: string, to: string, amount: bigint, bond?: string): Promise<MinedEthBlock> {
        return this.tx(at, from, bond ?? 'aKSMb', 'transfer', [this.resolve(to), amount])
    }

    /** aKSMb.approve(spender, amount): the allowance is held as balanceToShares(amount) shares (Approval in shares) */
    approveBond(at: number | undefined, owner: string, spender: string, amount: bigint, bond?: string): Promise<MinedEthBlock> {
        return this.tx(at, owner, bond ?? 'aKSMb', 'approve', [this.resolve(spender), amount])
    }

    /** aKSMb.transferFrom(from, to, amount) sent by `spender`: moves balanceToShares(amount) shares; Transfer and Approval in shares */
    transferBondFrom(at: number | undefined, spender: string, from: string, to: string, amount: bigint, bond?: string): Promise<MinedEthBlock> {
        return this.tx(at, spender, bond ?? 'aKSMb', 'transferFrom', [this.resolve(from), this.resolve(to), amount])
    }

    setRatio(at: number | undefined, ratio: bigint, bond?: string): Promise<MinedEthBlock> {
        return this.tx(at, 'operator', bond ?? 'aKSMb', 'updateRatio', [ratio])
    }

    setPoolRevision(at: number | undefined, revision: 0 | 1): Promise<MinedEthBlock> {
        return this.tx(at, 'operator', 'pool', 'setPoolRevision', [revision])
    }

    setRecipientValidation(at: number | undefined, on: boolean): Promise<MinedEthBlock> {
        return this.tx(at, 'operator', 'pool', 'setRecipientValidation', [on])
    }

    emptyBlock(at?: number): Promise<MinedEthBlock> {
        return this.serial(async () => {
            const b = await this.mine(await this.nextTimestamp(at))
            this.lastContentHeight = b.height
            return b
        })
    }

    /** Any contract call from `from` (a name or, for funded accounts, an address) in its own block.
     *  `target`: 'pool' | 'aKSMb' | 'aDOTb' or a contract address of one of their kinds. */
    tx(at: number | undefined, from: string, target: ContractName | string, method: string, args: unknown[]): Promise<MinedEthBlock> {
        return this.serial(() => this.sendTx(at, from, target, method, args))
    }

    private async sendTx(at: number | undefined, from: string, target: ContractName | string, method: string, args: unknown[]): Promise<MinedEthBlock> {
        const contract = this.contractOf(target)
        const wallet = this.wallet(from)
        await this.fund(wallet.address)
        const to = await contract.getAddress()
        const data = contract.interface.encodeFunctionData(method, args)
        let gas: bigint
        try {   // preflight in the pending block (= head + 1): a revert mines nothing
            gas = BigInt(await this.rpc('eth_estimateGas', [{ from: wallet.address, to, data }, 'pending']))
        } catch (e) {
            throw this.revertError(`${method}`, e)
        }
        const ts = await this.nextTimestamp(at)
        const snapshot: string = await this.rpc('evm_snapshot', [])
        const nonce = hexNum(await this.rpc('eth_getTransactionCount', [wallet.address, 'pending']))
        const signed = await wallet.signTransaction({
            type: 2, chainId: CHAIN_ID, nonce, to, data, value: 0n, gasLimit: gas + gas / 5n + 10_000n,
            maxFeePerGas: MAX_FEE, maxPriorityFeePerGas: PRIORITY_FEE,
        })
        const txHash: string = await this.rpc('eth_sendRawTransaction', [signed])
        await EthereumDevnet.waitPending(this.provider, txHash)
        await this.rpc('evm_mine', [ts])
        const receipt = await this.rpc('eth_getTransactionReceipt', [txHash])
        const block = await this.rpc('eth_getBlockByNumber', ['latest', false])
        if (!receipt || receipt.blockHash !== block.hash || receipt.status !== '0x1') {
            await this.rpc('evm_revert', [snapshot])
            const reason = receipt ? `status ${receipt.status}` : 'not mined'
            try {
                await this.rpc('eth_call', [{ from: wallet.address, to, data }, 'pending'])
            } catch (e) {
                throw this.revertError(method, e)
            }
            throw new EthRevertError(`${method} reverted: ${reason}`)
        }
        const height = hexNum(block.number)
        if (hexNum(block.timestamp) !== ts) throw new Error(`block ${height} has timestamp ${hexNum(block.timestamp)}, expected ${ts}`)
        this.snapshots.set(height, snapshot)
        this.lastContentHeight = height
        return {
            height, hash: block.hash, timestamp: hexNum(block.timestamp), txHash,
            logs: receipt.logs.map((l: any) => ({ address: getAddress(l.address), topics: l.topics, data: l.data, logIndex: hexNum(l.logIndex) })),
        }
    }

    /** Mines empty blocks 1 s apart until every block mined by an op is `confirmations` deep
     *  (head ≥ last op block + confirmations). Returns the blocks mined. */
    finalize(confirmations: number): Promise<MinedEthBlock[]> {
        return this.serial(async () => {
            const mined: MinedEthBlock[] = []
            let head = await this.head()
            while (head.height < this.lastContentHeight + confirmations) {
                const b = await this.mine(head.timestamp + 1)
                mined.push(b)
                head = { height: b.height, hash: b.hash, timestamp: b.timestamp }
            }
            return mined
        })
    }

    /** Drops the last `depth` blocks (back to the snapshot taken before them) and mines `depth + 1`
     *  empty blocks, timestamped from max(at, old head + 1) on, so every replacement hash is new. */
    reorg(depth: number, at?: number): Promise<MinedEthBlock[]> {
        return this.serial(async () => {
            if (!Number.isInteger(depth) || depth < 1) throw new Error(`reorg depth must be a positive integer, got ${depth}`)
            const old = await this.head()
            const from = old.height - depth + 1
            const snapshot = this.snapshots.get(from)
            if (!snapshot || from <= this.deployBlock) throw new Error(`cannot reorg ${depth} blocks: no snapshot before block ${from}`)
            const ok = await this.rpc('evm_revert', [snapshot])
            if (!ok) throw new Error(`evm_revert(${snapshot}) failed`)
            for (const h of [...this.snapshots.keys()]) if (h >= from) this.snapshots.delete(h)
            this.funded.clear()   // balances set after the snapshot are gone
            const now = await this.head()
            if (now.height !== from - 1) throw new Error(`after revert head is ${now.height}, expected ${from - 1}`)
            let ts = Math.max(Math.floor(at ?? 0), old.timestamp + 1)
            const mined: MinedEthBlock[] = []
            for (let i = 0; i <= depth; i++) mined.push(await this.mine(ts++))
            this.lastContentHeight = mined[mined.length - 1].height
            return mined
        })
    }

    // ------------------------------------------------------------------ test-only faults

    /**
     * TEST-ONLY FAULT (proof-of-reserves fault tests, SPEC §4.14): raises the token's `sharesOf(eth)` and
     * `totalSharesSupply()` by `shares` by writing its storage (hardhat_setStorageAt on the slots of
     * `_shares[eth]` and `_totalShares`, found in solc's storageLayout), in a block of its own with no
     * transaction and no log — shares that no event explains: read at that block (by number or hash) and
     * later the shares are there, at its parent not. Not chain behaviour; a reorg of the block undoes it.
     */
    silentShareMint(at: number | undefined, eth: string, shares: bigint, bond?: string): Promise<MinedEthBlock> {
        if (typeof shares !== 'bigint' || shares <= 0n) throw new Error(`silentShareMint: shares must be a positive bigint, got ${String(shares)}`)
        const token = this.contractOf(bond ?? 'aKSMb')
        const layout = this.artifacts.aKSMb.storageLayout
        const account = this.resolve(eth)
        return this.serial(async () => {
            const to = await token.getAddress()
            const slots = [addressMappingSlot(variableSlot(layout, '_shares'), account), variableSlot(layout, '_totalShares')]
            const b = await this.mine(await this.nextTimestamp(at), async () => {
                for (const slot of slots) {
                    const now = BigInt(await this.rpc('eth_getStorageAt', [to, toQuantity(slot), 'latest']))
                    await this.rpc('hardhat_setStorageAt', [to, toQuantity(slot), toBeHex(now + shares, 32)])
                }
            })
            this.lastContentHeight = b.height
            return b
        })
    }

    // ------------------------------------------------------------------ views

    async head(): Promise<{ height: number; hash: string; timestamp: number }> {
        const b = await this.rpc('eth_getBlockByNumber', ['latest', false])
        return { height: hexNum(b.number), hash: b.hash, timestamp: hexNum(b.timestamp) }
    }

    async ratio(blockTag?: BlockTag, bond?: string): Promise<bigint> {
        return this.contractOf(bond ?? 'aKSMb').ratio({ blockTag: blockTag ?? 'latest' })
    }

    async sharesOf(addr: string, blockTag?: BlockTag, bond?: string): Promise<bigint> {
        return this.contractOf(bond ?? 'aKSMb').sharesOf(this.resolve(addr), { blockTag: blockTag ?? 'latest' })
    }

    async balanceOf(addr: string, blockTag?: BlockTag, bond?: string): Promise<bigint> {
        return this.contractOf(bond ?? 'aKSMb').balanceOf(this.resolve(addr), { blockTag: blockTag ?? 'latest' })
    }

    /** aKSMb.allowance(owner, spender): the held shares' aKSMb value */
    async allowance(owner: string, spender: string, blockTag?: BlockTag, bond?: string): Promise<bigint> {
        return this.contractOf(bond ?? 'aKSMb').allowance(this.resolve(owner), this.resolve(spender), { blockTag: blockTag ?? 'latest' })
    }

    async totalSharesSupply(blockTag?: BlockTag, bond?: string): Promise<bigint> {
        return this.contractOf(bond ?? 'aKSMb').totalSharesSupply({ blockTag: blockTag ?? 'latest' })
    }

    async poolRevision(blockTag?: BlockTag): Promise<number> {
        return Number(await this.contracts.pool.poolRevision({ blockTag: blockTag ?? 'latest' }))
    }

    // ------------------------------------------------------------------ internals

    private contractOf(target: ContractName | string): Contract {
        if (target === 'pool' || target === 'aKSMb' || target === 'aDOTb') return this.contracts[target]
        const a = getAddress(target)
        if (a === this.addresses.pool) return this.contracts.pool
        if (a === this.addresses.aKSMb) return this.contracts.aKSMb
        if (a === this.addresses.aDOTb) return this.contracts.aDOTb
        throw new Error(`unknown contract ${target}`)
    }

    /** ops run one at a time, in call order */
    private serial<T>(fn: () => Promise<T>): Promise<T> {
        const run = this.queue.then(fn, fn)
        this.queue = run.catch(() => undefined)
        return run
    }

    private rpc(method: string, params: unknown[]): Promise<any> {
        return this.provider.send(method, params)
    }

    private async nextTimestamp(at: number | undefined): Promise<number> {
        const head = await this.head()
        return at == null ? head.timestamp + 1 : Math.max(Math.floor(at), head.timestamp + 1)
    }

    /**
     * Mines one empty block (the mempool is empty between ops). `change` (hardhat_set* calls) runs right
     * after: Hardhat files such a change under the latest block (reads at that block and later see it,
     * its parent does not; its hash stays), so run before mining it would rewrite the previous block's
     * state. The snapshot is taken before, so a reorg of the block undoes the change too.
     */
    private async mine(timestamp: number, change?: () => Promise<void>): Promise<MinedEthBlock> {
        const snapshot: string = await this.rpc('evm_snapshot', [])
        await this.rpc('evm_mine', [timestamp])
        if (change) await change()
        const b = await this.rpc('eth_getBlockByNumber', ['latest', false])
        const height = hexNum(b.number)
        if (hexNum(b.timestamp) !== timestamp) throw new Error(`block ${height} has timestamp ${hexNum(b.timestamp)}, expected ${timestamp}`)
        this.snapshots.set(height, snapshot)
        return { height, hash: b.hash, timestamp, logs: [] }
    }

    private static async waitPending(provider: JsonRpcProvider, txHash: string): Promise<void> {
        for (let i = 0; i < 400; i++) {
            if (await provider.send('eth_getTransactionByHash', [txHash])) return
            await sleep(5)
        }
        throw new Error(`transaction ${txHash} never reached the mempool`)
    }

    private revertError(op: string, e: any): Error {
        const data = findRevertData(e)
        if (data && data !== '0x') {
            for (const iface of this.interfaces) {
                try {
                    const err = iface.parseError(data)
                    if (err) {
                        const args = [...err.args]
                        const shown = err.name === 'Error' ? String(args[0]) : `${err.name}(${args.map(String).join(', ')})`
                        return new EthRevertError(`${op} reverted: ${shown}`, err.name, args)
                    }
                } catch { /* try the next interface */ }
            }
            return new EthRevertError(`${op} reverted with data ${data}`)
        }
        const msg = e?.info?.error?.message ?? e?.error?.message ?? e?.shortMessage ?? e?.message ?? String(e)
        return new EthRevertError(`${op} reverted: ${msg}`)
    }
}

function findRevertData(e: any): string | undefined {
    const seen = new Set<any>()
    const visit = (x: any): string | undefined => {
        if (!x || typeof x !== 'object' || seen.has(x)) return undefined
        seen.add(x)
        if (typeof x.data === 'string' && /^0x[0-9a-fA-F]*$/.test(x.data)) return x.data
        if (x.data && typeof x.data === 'object' && typeof x.data.data === 'string') return x.data.data
        for (const k of ['error', 'info', 'cause']) {
            const r = visit(x[k])
            if (r) return r
        }
        return undefined
    }
    return visit(e)
}
