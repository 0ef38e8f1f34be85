import { Client } from 'pg'
import { LocalStack } from '../local/local-stack'
import { Step } from '../local/scenario/scenario'
import { ETHEREUM_STATE_SCHEMA, KUSAMA_STATE_SCHEMA } from '../parts'

/**
 * The scenario runner applies steps back to back, so a processor has mostly not seen the blocks a reorg
 * replaces, and its rollback of indexed hot blocks would rarely run. So before two reorgs in three (the third
 * runs back to back with the steps before it) the reorg fuzz and `npm run chaos` wait until the processor of the
 * reorged chain has indexed the chain's head.
 */
export const waitsBefore = (reorgIndex: number) => reorgIndex % 3 !== 2

/** whether the processor of `chain` has indexed the chain's head block (hot, or final) */
export async function indexedHead(stack: LocalStack, db: Client, chain: 'kusama' | 'ethereum'): Promise<boolean> {
    const { hash } = chain === 'kusama' ? stack.kusama.head() : await stack.eth.head()
    const s = chain === 'kusama' ? KUSAMA_STATE_SCHEMA : ETHEREUM_STATE_SCHEMA
    try {
        const r = await db.query(`SELECT 1 FROM "${s}".hot_block WHERE hash = $1 UNION ALL SELECT 1 FROM "${s}".status WHERE id = 0 AND hash = $1`, [hash])
        return r.rows.length > 0
    } catch {
        return false   // the processor has not created its state schema yet (or Postgres is restarting)
    }
}

/**
 * A runner's beforeStep hook doing that wait (`db` is a connection it may replace: chaos restarts Postgres);
 * answers the hook and the number of waits made, which a test checks against the reorg count.
 *
 * `timeoutMs`: the wait fails the run (the reorg fuzz: nothing disturbs the processors). `giveUpAfterMs` instead
 * (chaos): the reorg goes ahead unwaited, counted in `skipped` — the Ethereum processor follows the head by its
 * newHeads subscription, and one that reconnected (a fault) or restarted after the last block was mined sees no
 * head until the next block, which a waiting runner never mines. On a live chain the next block comes within
 * seconds; here the reorg's own blocks are that next block.
 */
export function waitBeforeReorgs(stack: LocalStack, db: () => Promise<Client>, opts: { timeoutMs?: number; giveUpAfterMs?: number } = {}): {
    beforeStep(step: Step): Promise<void>; waits(): number; skipped(): number
} {
    let reorgs = 0, waits = 0, skipped = 0
    return {
        async beforeStep(step) {
            if (step.op !== 'reorg' || !waitsBefore(reorgs++)) return
            const deadline = Date.now() + (opts.giveUpAfterMs ?? opts.timeoutMs ?? 30_000)
            while (!(await db().then(c => indexedHead(stack, c, step.chain), () => false))) {
                stack.supervisor.assertAlive()
                if (Date.now() > deadline && opts.giveUpAfterMs !== undefined) return void skipped++
                if (Date.now() > deadline) throw new Error(`timed out waiting for the ${step.chain} processor to index the head before step ${step.n}`)
                await new Promise(r => setTimeout(r, 50))
            }
            waits++
        },
        waits: () => waits,
        skipped: () => skipped,
    }
}
