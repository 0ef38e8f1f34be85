import { KusamaSimulator, Migration, migrateToAssetHub } from '../kusama-sim'
import { EthereumDevnet } from '../ethereum-devnet'
import { Scenario, ScenarioError, Step } from './scenario'
import { encodeClaimRemark } from '../../notary/stakefi'

/**
 * Replays a scenario on the Kusama simulator and the Hardhat devnet (SPEC §6).
 * Every step is one block on its chain, timestamped start + t; claim, publishRatio and the
 * end are sync points where both chains are brought to that time, finalized, and the product
 * is given the time to catch up, so every period that ended before is closed.
 * Kusama is the relay chain simulator until a `migrateToAssetHub` step, the Asset Hub simulator
 * after it (SPEC §4.13): every later Kusama op, reorg, finalize and sync point runs there.
 */
export interface ScenarioHooks {
    /** resolves once every running part of the product has indexed both chains' finalized heads */
    waitForCatchUp(): Promise<void>
    /** the notary path of the `claim` op (SPEC §4.10); without it explicit share amounts are minted with the notary key */
    claim?(step: Extract<Step, { op: 'claim' }>, at: { kusamaMs: number; ethSeconds: number }): Promise<void>
    /** Ankr's dashboard, browser wallet (SPEC §4.15): POST /claims, then isClaimValid and claimBonds */
    claimStakeFi?(step: Extract<Step, { op: 'claimStakeFi' }>, at: { kusamaMs: number; ethSeconds: number }): Promise<void>
    /** Ankr's dashboard, Ledger wallet (SPEC §4.15): after the remark in `remarkBlock` is final, waits for the notary's decision and submits its claim */
    claimRemark?(step: Extract<Step, { op: 'claimRemark' }>, at: { kusamaMs: number; ethSeconds: number; remarkBlock: number }): Promise<void>
    /** the ratio publisher; answers what it did or why it refused */
    publishRatio?(at: { ethSeconds: number }): Promise<string>
    /** after migrateToAssetHub moved Kusama to Asset Hub (both chains' migration blocks final): the product follows */
    migrated?(m: Migration): Promise<void>
    /** before each step is applied (tests: e.g. wait until a processor has indexed the head before a reorg) */
    beforeStep?(step: Step): Promise<void>
    log(line: string): void
}

export class ScenarioRunner {
    private revision: 0 | 1

    constructor(
        private scenario: Scenario,
        private kusama: KusamaSimulator,
        private eth: EthereumDevnet,
        private hooks: ScenarioHooks,
        /** the Asset Hub simulator a `migrateToAssetHub` step moves Kusama to (fresh: only its genesis) */
        private assetHub?: KusamaSimulator,
    ) {
        this.revision = scenario.config.poolRevision
    }

    async prepare(): Promise<void> {
        const at = this.ethSeconds(0)
        await this.eth.setPoolRevision(at, this.revision)
        if (!this.scenario.config.recipientValidation) await this.eth.setRecipientValidation(at + 1, false)
    }

    async run(): Promise<void> {
        await this.prepare()
        for (const step of this.scenario.steps) {
            try {
                await this.hooks.beforeStep?.(step)
                await this.apply(step)
            } catch (e) {
                if (e instanceof ScenarioError) throw e
                throw new ScenarioError(step.n, `${step.op} at t=${step.t} failed: ${e.message}`)
            }
        }
        const endT = this.scenario.end === undefined
            ? Math.max(0, ...this.scenario.steps.map(s => s.t))
            : (this.scenario.end - this.scenario.start) / 1000
        await this.syncPoint(endT)
    }

    private kusamaMs(t: number): number {
        return this.scenario.start + t * 1000
    }

    private ethSeconds(t: number): number {
        return Math.floor(this.scenario.start / 1000) + t
    }

    /** Both chains reach time t, everything is final, and the product has caught up. */
    async syncPoint(t: number): Promise<void> {
        const ms = this.kusamaMs(t)
        if (this.kusama.head().timestamp < ms) this.kusama.emptyBlock(ms)
        this.kusama.finalize()
        const head = await this.eth.head()
        if (head.timestamp < this.ethSeconds(t)) await this.eth.emptyBlock(this.ethSeconds(t))
        await this.eth.finalize(this.scenario.config.finalityLag)
        await this.hooks.waitForCatchUp()
    }

    /** SPEC §4.13: the relay chain's last block and Asset Hub's first, at the step's time; then Kusama is Asset Hub */
    private async migrate(step: Extract<Step, { op: 'migrateToAssetHub' }>, at: number): Promise<void> {
        if (!this.assetHub) throw new Error('there is no Asset Hub simulator to migrate to (the local stack starts one for a scenario that migrates)')
        const m = migrateToAssetHub(this.kusama, this.assetHub, at, { corruptLedger: step.corruptLedger })
        this.kusama = this.assetHub
        this.hooks.log(`step ${step.n} migrateToAssetHub: relay chain ends at block ${m.relayLast.height}, Asset Hub continues from block ${m.assetHubFirst.height}` +
            (step.corruptLedger ? ` (TEST FAULT: ${step.corruptLedger.stash}'s ledger moved ${step.corruptLedger.planck} planck short)` : ''))
        await this.hooks.migrated?.(m)
    }

    private async apply(step: Step): Promise<void> {
        const k = this.kusamaMs(step.t)
        const e = this.ethSeconds(step.t)
        const ksm = this.kusama
        switch (step.op) {
            case 'deposit':
                ksm.transfer(k, step.from, 'deposit', step.planck)
                return
            case 'transfer':
                ksm.transfer(k, step.from, step.to, step.planck)
                return
            case 'sweep':
                ksm.transfer(k, 'deposit', step.to, step.planck)
                return
            case 'payout':
                ksm.transfer(k, step.from, step.to, step.planck)
                return
            case 'bond':
                ksm.bond(k, step.stash, step.planck)
                return
            case 'unbond':
                ksm.unbond(k, step.stash, step.planck)
                return
            case 'withdraw':
                ksm.withdraw(k, step.stash)
                return
            case 'reward':
                ksm.reward(k, step.stash, step.validator, step.planck, step.dest)
                return
            case 'slash':
                ksm.slash(k, step.stash, step.planck)
                return
            case 'eraPaid':
                ksm.eraPaid(k)
                return
            case 'nominate':
                ksm.nominate(k, step.stash, step.validators, step.via === 'direct' ? 'none' : step.via)
                return
            case 'upgrade':
                // parseScenario refuses it after a migration; a runner given an unchecked step says why
                if (ksm.chain.profile === 'asset-hub') throw new Error('Asset Hub has one runtime here (1009003): there is nothing to upgrade it to')
                ksm.upgrade(k, step.specVersion)
                return
            case 'migrateToAssetHub':
                return this.migrate(step, k)
            case 'claim':
                await this.syncPoint(step.t)
                if (this.hooks.claim) return this.hooks.claim(step, { kusamaMs: k, ethSeconds: e })
                if (step.shares === 'max') {
                    throw new Error('claim with shares "max" needs the notary (not running): give an explicit "shares" amount')
                }
                if (step.submit) await this.eth.mintShares(e, this.eth.address(step.eth), step.shares)
                return
            case 'claimStakeFi':
                await this.syncPoint(step.t)
                if (!this.hooks.claimStakeFi) throw new Error('claimStakeFi needs the notary API, which is not running')
                return this.hooks.claimStakeFi(step, { kusamaMs: k, ethSeconds: e })
            case 'claimRemark': {
                const remark = encodeClaimRemark({ ethAddress: this.eth.address(step.eth), planck: step.planck })
                const block = ksm.remark(k, step.kusama, remark, step.via === 'direct' ? 'none' : step.via)
                await this.syncPoint(step.t)
                if (this.hooks.claimRemark) return this.hooks.claimRemark(step, { kusamaMs: k, ethSeconds: e, remarkBlock: block.height })
                this.hooks.log(`step ${step.n} claimRemark: remark sent in Kusama block ${block.height}; no notary API to follow it`)
                return
            }
            case 'burn': {
                const recipient = 'name' in step.recipient ? ksm.publicKey(step.recipient.name) : step.recipient.raw
                if (this.revision === 1 && step.aksmb === undefined) throw new Error('pool revision R1 burns an "aksmb" amount, not "shares"')
                if (this.revision === 0 && step.shares === undefined) throw new Error('pool revision R0 burns "shares", not an "aksmb" amount')
                await this.eth.burn(e, step.eth, (step.aksmb ?? step.shares)!, recipient)
                return
            }
            case 'transferBond':
                await this.eth.transferBond(e, step.from, step.to, step.aksmb)
                return
            case 'setRatio':
                await this.eth.setRatio(e, step.ratio)
                return
            case 'setPoolRevision':
                await this.eth.setPoolRevision(e, step.revision)
                this.revision = step.revision
                return
            case 'publishRatio': {
                await this.syncPoint(step.t)
                const outcome = this.hooks.publishRatio
                    ? await this.hooks.publishRatio({ ethSeconds: e })
                    : 'refused: the oracle is not part of this build yet'
                this.hooks.log(`step ${step.n} publishRatio: ${outcome}`)
                return
            }
            case 'reorg':
                if (step.chain === 'kusama') ksm.reorg(step.depth)
                else await this.eth.reorg(step.depth)
                return
            case 'finalize':
                if (step.chain !== 'ethereum') ksm.finalize()
                if (step.chain !== 'kusama') await this.eth.finalize(this.scenario.config.finalityLag)
                return
            // test-only faults: balances changed with no event, each in a block of its own
            case 'silentMint':
                ksm.silentMint(k, step.account, step.planck)
                return
            case 'silentBurn':
                ksm.silentBurn(k, step.account, step.planck)
                return
            case 'silentShareMint':
                await this.eth.silentShareMint(e, step.eth, step.shares)
                return
        }
    }
}
