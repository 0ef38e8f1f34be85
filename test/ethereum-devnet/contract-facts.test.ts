/**
 * SPEC §1 "Contract facts", point by point, as a table: each row is a call on the devnet contracts and
 * the exact logs it must emit (contract, event signature, named arguments, and the UNIT each amount is
 * in) and the state after it. Rows run in order on one chain; the ratio is R = 0.97e18 + 1 from the
 * second row on, so every amount in aKSMb differs from its shares.
 */
import { id, LogDescription, Wallet } from 'ethers'
import { signClaim } from '../../src/chains/ethereum/claim-signature'
import { EthereumDevnet, MinedEthBlock } from '../../src/local/ethereum-devnet'
import { E18, ss58Bytes, START } from './helpers'

let d: EthereumDevnet
beforeAll(async () => { d = await EthereumDevnet.start({ startTime: START }) })
afterAll(async () => { await d?.stop() })

const R = 970000000000000001n
const ZERO = '0x0000000000000000000000000000000000000000'
const addr = (name: string) => new Wallet(EthereumDevnet.privateKey(name)).address
const notaryKey = () => EthereumDevnet.privateKey('notary')
const key = Uint8Array.from({ length: 32 }, (_, i) => 255 - i * 5)
const KEY = '0x' + Buffer.from(key).toString('hex')
const R0 = 'TokensBurned(address,address,bytes,uint256)'
const R1 = 'TokensBurned(address,address,bytes,uint256,uint256)'
const TRANSFER = 'Transfer(address,address,uint256)'
const APPROVAL = 'Approval(address,address,uint256)'

type Unit = 'shares' | 'aKSMb' | 'ratio' | '-'
/** [contract, event signature, named args, unit of its amount (documentation: the values themselves show it,
 *  as R ≠ 1e18 makes every aKSMb amount differ from its shares)] */
type Log = [contract: 'pool' | 'aKSMb' | 'aDOTb', signature: string, args: Record<string, unknown>, unit: Unit]
type Check = [what: string, actual: () => Promise<unknown>, expected: unknown]

interface Step {
    /** the call: a transaction (mined in its own block) or a view */
    call: () => Promise<MinedEthBlock | unknown>
    /** the transaction's logs, exactly, in order */
    logs?: () => Log[]
    /** the view's answer */
    returns?: unknown
    /** the transaction reverts with this custom error name, or a message matching this */
    reverts?: string | RegExp
    /** state after the call */
    state?: () => Check[]
}
type Row = [fact: string, steps: Step[]]

function decoded(b: MinedEthBlock): Log[] {
    const which = (a: string) => a === d.addresses.pool ? 'pool' : a === d.addresses.aKSMb ? 'aKSMb' : a === d.addresses.aDOTb ? 'aDOTb' : a
    return b.logs.map(l => {
        const c = which(l.address) === 'pool' ? d.contracts.pool : d.contracts.aKSMb
        const ev = c.interface.parseLog({ topics: l.topics, data: l.data }) as LogDescription
        return [which(l.address), ev.signature, ev.args.toObject(), '-'] as Log
    })
}

function claim(over: Partial<{ bond: string; claimId: bigint; amount: bigint; claimBeforeBlock: bigint; account: string }> = {}) {
    const c = { bond: d.addresses.aKSMb, claimId: 1n, amount: 10n * E18, claimBeforeBlock: 10_000n, account: addr('alice'), ...over }
    return { ...c, signature: signClaim(notaryKey(), c.bond, c.claimId, c.amount, c.claimBeforeBlock, c.account) }
}
type Claim = ReturnType<typeof claim>
/** the SPEC's order of isClaimValid: claimBeforeBlock BEFORE amount */
const isClaimValid = (c: Claim) => d.contracts.pool.isClaimValid(c.bond, c.claimId, c.claimBeforeBlock, c.amount, c.account, c.signature)

const flipByte = (hex: string, i: number) => { const b = Buffer.from(hex.slice(2), 'hex'); b[i] ^= 1; return '0x' + b.toString('hex') }
/** the SPEC's sharesToBalance: ceil(s·1e18/R) */
const toBalance = (s: bigint) => (s * E18 + R - 1n) / R

const shares = (who: string, bond = 'aKSMb') => () => d.sharesOf(who === '0x0' ? ZERO : addr(who), undefined, bond)
const total = (bond = 'aKSMb') => () => d.totalSharesSupply(undefined, bond)

// claims used below (claimId → claim), built when their row runs
let c1: Claim, c2: Claim

const table: Row[] = [
    ['aKSMb: 18 decimals; ratio() is 1e18-scaled and starts at 1e18', [
        { call: () => d.contracts.aKSMb.decimals(), returns: 18n },
        { call: () => d.ratio(), returns: E18 },
    ]],
    ['aKSMb.updateRatio by the operator: any value > 0, emits RatioUpdate(newRatio)', [
        { call: () => d.setRatio(undefined, R), logs: () => [['aKSMb', 'RatioUpdate(uint256)', { newRatio: R }, 'ratio']], state: () => [['ratio', () => d.ratio(), R]] },
        { call: () => d.setRatio(undefined, 0n), reverts: 'ZeroRatio' },
        { call: () => d.tx(undefined, 'mallory', 'aKSMb', 'updateRatio', [E18]), reverts: 'OnlyPoolOrOperator' },
    ]],
    ['aKSMb.updateRatio by the pool too, with no bound on the change (aDOTb, its pool set to an account for the test)', [
        { call: () => d.tx(undefined, 'operator', 'aDOTb', 'setPool', [addr('poolkeeper')]) },
        { call: () => d.tx(undefined, 'poolkeeper', 'aDOTb', 'updateRatio', [1n]), logs: () => [['aDOTb', 'RatioUpdate(uint256)', { newRatio: 1n }, 'ratio']] },
        { call: () => d.tx(undefined, 'poolkeeper', 'aDOTb', 'updateRatio', [10n ** 30n]), logs: () => [['aDOTb', 'RatioUpdate(uint256)', { newRatio: 10n ** 30n }, 'ratio']] },
        { call: () => d.setRatio(undefined, 1234n, 'aDOTb'), logs: () => [['aDOTb', 'RatioUpdate(uint256)', { newRatio: 1234n }, 'ratio']] },
        { call: () => d.tx(undefined, 'poolkeeper', 'aDOTb', 'updateRatio', [0n]), reverts: 'ZeroRatio' },
        { call: () => d.tx(undefined, 'operator', 'aDOTb', 'setPool', [d.addresses.pool]) },
        { call: () => d.setRatio(undefined, E18, 'aDOTb'), state: () => [['aDOTb ratio', () => d.ratio(undefined, 'aDOTb'), E18], ['aKSMb ratio', () => d.ratio(), R]] },
    ]],
    ['aKSMb: balanceToShares(a) = floor(a·R/1e18), sharesToBalance(s) = ceil(s·1e18/R), for any uint256', [
        { call: () => d.contracts.aKSMb.balanceToShares(E18), returns: R },
        { call: () => d.contracts.aKSMb.balanceToShares(1000n), returns: 970n },
        { call: () => d.contracts.aKSMb.balanceToShares(1n), returns: 0n },
        { call: () => d.contracts.aKSMb.sharesToBalance(970n), returns: 1000n },
        { call: () => d.contracts.aKSMb.sharesToBalance(1n), returns: 2n },
        { call: () => d.contracts.aKSMb.sharesToBalance(0n), returns: 0n },
        // no overflow for huge amounts (an infinite approval): floor((2^256-1)·R/1e18)
        { call: () => d.contracts.aKSMb.balanceToShares(2n ** 256n - 1n), returns: (2n ** 256n - 1n) * R / E18 },
    ]],
    ['PolkadotPool.claimBonds(bond, claimId, amount, claimBeforeBlock, account, signature) mints `amount` SHARES: Transfer from 0x0 in shares, then TokensClaimed', [
        {
            call: () => { c1 = claim(); return d.claimBonds(undefined, 'relayer', c1) },
            logs: () => [
                ['aKSMb', TRANSFER, { from: ZERO, to: addr('alice'), value: 10n * E18 }, 'shares'],
                ['pool', 'TokensClaimed(address,uint256,uint256,uint256,address)', { token: d.addresses.aKSMb, claimId: 1n, amount: 10n * E18, claimBeforeBlock: 10_000n, account: addr('alice') }, 'shares'],
            ],
            state: () => [
                ['sharesOf(alice)', shares('alice'), 10n * E18], ['sharesOf(relayer)', shares('relayer'), 0n], ['totalSharesSupply', total(), 10n * E18],
                ['balanceOf(alice) = sharesToBalance(sharesOf)', () => d.balanceOf('alice'), 10309278350515463907n],
                ['totalSupply = sharesToBalance(totalSharesSupply)', () => d.contracts.aKSMb.totalSupply(), 10309278350515463907n],
                ['isClaimUsed(1)', () => d.contracts.pool.isClaimUsed(1n), true],
            ],
        },
    ]],
    ['claimBonds requires an unused claimId', [
        { call: () => d.claimBonds(undefined, 'alice', c1), reverts: /ClaimAlreadyUsed\(1\)/ },
        { call: () => d.claimBonds(undefined, 'bob', claim({ claimId: 1n, amount: 5n, account: addr('bob') })), reverts: /ClaimAlreadyUsed\(1\)/ },
        { call: () => isClaimValid(c1), returns: false },
    ]],
    ['isClaimValid(token, claimId, claimBeforeBlock, amount, account, signature): claimBeforeBlock BEFORE amount; the claimBonds order answers false (same selector)', [
        { call: async () => { c2 = claim({ claimId: 2n, amount: 3n * E18 + 7n, account: addr('bob') }); return isClaimValid(c2) }, returns: true },
        { call: () => d.contracts.pool.isClaimValid(c2.bond, c2.claimId, c2.amount, c2.claimBeforeBlock, c2.account, c2.signature), returns: false },
        { call: () => d.isClaimValid(c2), returns: true },
        { call: async () => d.contracts.pool.interface.getFunction('isClaimValid')!.selector, returns: id('isClaimValid(address,uint256,uint256,uint256,address,bytes)').slice(0, 10) },
        { call: async () => d.contracts.pool.interface.getFunction('isClaimValid')!.inputs.map(i => i.name), returns: ['token', 'claimId', 'claimBeforeBlock', 'amount', 'account', 'signature'] },
        { call: async () => d.contracts.pool.interface.getFunction('claimBonds')!.inputs.map(i => i.name), returns: ['bond', 'claimId', 'amount', 'claimBeforeBlock', 'account', 'signature'] },
    ]],
    ['the claim signature is over the RAW keccak256(abi.encode(token, claimId, amount, claimBeforeBlock, account)) by the consensus address; no EIP-191 prefix', [
        {
            call: async () => {
                const raw = await d.contracts.pool.claimHash(c2.bond, c2.claimId, c2.amount, c2.claimBeforeBlock, c2.account)
                return isClaimValid({ ...c2, signature: await new Wallet(notaryKey()).signMessage(Buffer.from(raw.slice(2), 'hex')) })
            },
            returns: false,
        },
        { call: () => isClaimValid({ ...c2, signature: signClaim(EthereumDevnet.privateKey('mallory'), c2.bond, c2.claimId, c2.amount, c2.claimBeforeBlock, c2.account) }), returns: false },
        { call: () => d.claimBonds(undefined, 'bob', { ...c2, amount: c2.amount + 1n }), reverts: 'InvalidSignature' },
    ]],
    ['an expired claim fails as an invalid signature; the last block it can be mined in is claimBeforeBlock', [
        { call: async () => { const h = BigInt((await d.head()).height); return isClaimValid(claim({ claimId: 3n, claimBeforeBlock: h - 1n })) }, returns: false },
        { call: async () => d.claimBonds(undefined, 'alice', claim({ claimId: 3n, claimBeforeBlock: BigInt((await d.head()).height) })), reverts: 'InvalidSignature' },
        {
            call: async () => d.claimBonds(undefined, 'alice', claim({ claimId: 3n, amount: 1n, claimBeforeBlock: BigInt((await d.head()).height + 1) })),
            logs: () => [
                ['aKSMb', TRANSFER, { from: ZERO, to: addr('alice'), value: 1n }, 'shares'],
                ['pool', 'TokensClaimed(address,uint256,uint256,uint256,address)', expect.objectContaining({ claimId: 3n, amount: 1n }), 'shares'],
            ],
            state: () => [['sharesOf(alice)', shares('alice'), 10n * E18 + 1n], ['isClaimUsed(3)', () => d.contracts.pool.isClaimUsed(3n), true]],
        },
    ]],
    ['no check that the bond is registered: claims and burns of a removed bond go through', [
        { call: () => d.tx(undefined, 'operator', 'pool', 'removeBond', [d.addresses.aDOTb]), state: () => [['isBondSupported(aDOTb)', () => d.contracts.pool.isBondSupported(d.addresses.aDOTb), false]] },
        {
            call: () => d.claimBonds(undefined, 'carol', claim({ claimId: 4n, bond: d.addresses.aDOTb, amount: 50n, account: addr('carol') })),
            logs: () => [
                ['aDOTb', TRANSFER, { from: ZERO, to: addr('carol'), value: 50n }, 'shares'],
                ['pool', 'TokensClaimed(address,uint256,uint256,uint256,address)', { token: d.addresses.aDOTb, claimId: 4n, amount: 50n, claimBeforeBlock: 10_000n, account: addr('carol') }, 'shares'],
            ],
        },
        {
            call: () => d.burn(undefined, 'carol', 20n, KEY, d.addresses.aDOTb),
            logs: () => [
                ['aDOTb', TRANSFER, { from: addr('carol'), to: ZERO, value: 20n }, 'shares'],
                ['pool', R1, { token: d.addresses.aDOTb, account: addr('carol'), recipient: KEY, amount: 20n, shares: 20n }, 'aKSMb'],
            ],
            state: () => [['aDOTb sharesOf(carol)', shares('carol', 'aDOTb'), 30n]],
        },
    ]],
    ['aKSMb.transfer(to, amount) moves balanceToShares(amount) shares and logs Transfer in aKSMb', [
        {
            call: () => d.transferBond(undefined, 'alice', 'bob', E18),
            logs: () => [['aKSMb', TRANSFER, { from: addr('alice'), to: addr('bob'), value: E18 }, 'aKSMb']],
            state: () => [['sharesOf(bob)', shares('bob'), R], ['sharesOf(alice)', shares('alice'), 10n * E18 + 1n - R], ['totalSharesSupply', total(), 10n * E18 + 1n]],
        },
        {   // 1 wei of aKSMb is 0 shares: the log still says 1, nothing moves
            call: () => d.transferBond(undefined, 'bob', 'carol', 1n),
            logs: () => [['aKSMb', TRANSFER, { from: addr('bob'), to: addr('carol'), value: 1n }, 'aKSMb']],
            state: () => [['sharesOf(carol)', shares('carol'), 0n], ['sharesOf(bob)', shares('bob'), R]],
        },
    ]],
    ['aKSMb.transfer to the zero address is an ordinary transfer: shares held by 0x0, total shares unchanged, no pool event', [
        {
            call: () => d.transferBond(undefined, 'bob', ZERO, 1000n),
            logs: () => [['aKSMb', TRANSFER, { from: addr('bob'), to: ZERO, value: 1000n }, 'aKSMb']],
            state: () => [
                ['sharesOf(0x0)', shares('0x0'), 970n], ['sharesOf(bob)', shares('bob'), R - 970n], ['totalSharesSupply', total(), 10n * E18 + 1n],
                ['totalSupply', () => d.contracts.aKSMb.totalSupply(), toBalance(10n * E18 + 1n)],
            ],
        },
    ]],
    ['aKSMb.approve / allowance hold shares: approve(spender, amount) holds balanceToShares(amount) shares and logs Approval in shares; allowance() reads their aKSMb value', [
        {
            call: () => d.approveBond(undefined, 'alice', 'erin', 1000n),
            logs: () => [['aKSMb', APPROVAL, { owner: addr('alice'), spender: addr('erin'), value: 970n }, 'shares']],
            state: () => [['allowance(alice, erin)', () => d.allowance('alice', 'erin'), 1000n]],
        },
    ]],
    ['aKSMb.transferFrom(from, to, amount) moves balanceToShares(amount) shares through the ERC-20 base: Transfer and Approval in SHARES', [
        {
            call: () => d.transferBondFrom(undefined, 'erin', 'alice', 'frank', 600n),
            logs: () => [
                ['aKSMb', TRANSFER, { from: addr('alice'), to: addr('frank'), value: 582n }, 'shares'],
                ['aKSMb', APPROVAL, { owner: addr('alice'), spender: addr('erin'), value: 388n }, 'shares'],
            ],
            state: () => [
                ['sharesOf(frank)', shares('frank'), 582n], ['sharesOf(alice)', shares('alice'), 10n * E18 + 1n - R - 582n],
                ['allowance(alice, erin)', () => d.allowance('alice', 'erin'), 400n], ['totalSharesSupply', total(), 10n * E18 + 1n],
            ],
        },
        { call: () => d.transferBondFrom(undefined, 'erin', 'alice', 'frank', 500n), reverts: /InsufficientAllowance\(.*, 388, 485\)/ },
        { call: () => d.transferBondFrom(undefined, 'erin', 'alice', ZERO, 10n), reverts: 'ZeroAddress' },
    ]],
    ['PolkadotPool.burnBond R1 (the devnet default) takes aKSMb, burns balanceToShares(amount): Transfer to 0x0 in shares, then the 5-field TokensBurned', [
        {
            call: () => d.burn(undefined, 'alice', 1234567890123456789n, ss58Bytes(key, 2)),
            logs: () => [
                ['aKSMb', TRANSFER, { from: addr('alice'), to: ZERO, value: 1197530853419753086n }, 'shares'],
                ['pool', R1, { token: d.addresses.aKSMb, account: addr('alice'), recipient: ss58Bytes(key, 2), amount: 1234567890123456789n, shares: 1197530853419753086n }, 'aKSMb'],
            ],
            state: () => [
                ['sharesOf(alice)', shares('alice'), 10n * E18 + 1n - R - 582n - 1197530853419753086n],
                ['totalSharesSupply', total(), 10n * E18 + 1n - 1197530853419753086n],
            ],
        },
        { call: () => d.burn(undefined, 'alice', 10n ** 30n, KEY), reverts: 'InsufficientShares' },
    ]],
    ['PolkadotPool.burnBond R0 burns `amount` shares: Transfer to 0x0 in shares, then the 4-field TokensBurned', [
        { call: () => d.setPoolRevision(undefined, 0), state: () => [['poolRevision', () => d.poolRevision(), 0]] },
        {
            call: () => d.burn(undefined, 'alice', 1234n, KEY),
            logs: () => [
                ['aKSMb', TRANSFER, { from: addr('alice'), to: ZERO, value: 1234n }, 'shares'],
                ['pool', R0, { token: d.addresses.aKSMb, account: addr('alice'), recipient: KEY, amount: 1234n }, 'shares'],
            ],
            state: () => [['totalSharesSupply', total(), 10n * E18 + 1n - 1197530853419753086n - 1234n]],
        },
    ]],
    ['burnBond R0 allows amount 0', [
        {
            call: () => d.burn(undefined, 'bob', 0n, KEY),
            logs: () => [
                ['aKSMb', TRANSFER, { from: addr('bob'), to: ZERO, value: 0n }, 'shares'],
                ['pool', R0, { token: d.addresses.aKSMb, account: addr('bob'), recipient: KEY, amount: 0n }, 'shares'],
            ],
        },
        // also for an account without any shares
        { call: () => d.burn(undefined, 'zed', 0n, KEY), logs: () => [['aKSMb', TRANSFER, { from: addr('zed'), to: ZERO, value: 0n }, 'shares'], ['pool', R0, { token: d.addresses.aKSMb, account: addr('zed'), recipient: KEY, amount: 0n }, 'shares']] },
    ]],
    ['burnBond R0 requires a recipient of 32 bytes, or 35 bytes with network 0x00/0x02/0x2a and a correct SS58 checksum; otherwise it reverts `incorrect address`', [
        ...[0, 2, 42].map((n): Step => ({
            call: () => d.burn(undefined, 'bob', 1n, ss58Bytes(key, n)),
            logs: () => [['aKSMb', TRANSFER, { from: addr('bob'), to: ZERO, value: 1n }, 'shares'], ['pool', R0, { token: d.addresses.aKSMb, account: addr('bob'), recipient: ss58Bytes(key, n), amount: 1n }, 'shares']],
        })),
        ...Object.entries<() => string>({
            empty: () => '0x',
            '31 bytes': () => KEY.slice(0, 64),
            '33 bytes': () => KEY + '00',
            '34 bytes': () => ss58Bytes(key, 2).slice(0, 70),
            '36 bytes': () => ss58Bytes(key, 2) + '00',
            'bad checksum': () => flipByte(ss58Bytes(key, 2), 34),
            'tampered key': () => flipByte(ss58Bytes(key, 2), 5),
            'network 1 (its own valid checksum)': () => ss58Bytes(key, 1),
            'network 42 checksum under network byte 2': () => '0x02' + ss58Bytes(key, 42).slice(4),
        }).map(([what, bytes]): Step => ({ call: () => d.burn(undefined, 'bob', 1n, bytes()).catch(e => { throw new Error(`${what}: ${e.message}`) }), reverts: /: burnBond reverted: incorrect address$/ })),
        { call: () => d.setPoolRevision(undefined, 1), state: () => [['poolRevision', () => d.poolRevision(), 1], ['sharesOf(bob)', shares('bob'), R - 970n - 3n]] },
    ]],
]

describe('SPEC §1 contract facts', () => {
    test.each(table)('%s', async (_fact, steps) => {
        for (const [i, step] of steps.entries()) {
            const at = `step ${i + 1}`
            let out: unknown
            let err: any
            try { out = await step.call() } catch (e) { err = e }
            if (step.reverts) {
                expect([at, err ? 'reverted' : 'succeeded']).toEqual([at, 'reverted'])
                if (typeof step.reverts === 'string') expect([at, err.revertName ?? err.message]).toEqual([at, step.reverts])
                else expect(err.message).toMatch(step.reverts)
                continue
            }
            if (err) throw new Error(`${at}: ${err.message}`)
            if ('returns' in step) expect([at, out]).toEqual([at, step.returns])
            if (step.logs) {
                const units = step.logs().map(l => l[3])
                const got = decoded(out as MinedEthBlock).map((l, j) => [l[0], l[1], l[2], units[j] ?? '-'])
                expect([at, got]).toEqual([at, step.logs()])
            }
            for (const [what, actual, expected] of step.state?.() ?? []) expect([at, what, await actual()]).toEqual([at, what, expected])
        }
    })
})
