/**
 * The era clock the staking changes are stamped with (an Unbonded at active era e unlocks at e + 28,
 * SPEC §4.9). EraPaid of era e makes e + 1 active; on Asset Hub, SessionRotated names the active era
 * at every session as well. Both are recorded as facts, so a restarted processor reads the clock back.
 */
import { EraPaid, SessionRotation } from '../../../model'
import { decodeEraPaid, decodeSessionRotated } from '../decoding/staking-era'
import { BlockContext, Event, item } from './block-context'

/** carried from batch to batch */
export interface EraClock {
    /** the active era, once an EraPaid or a SessionRotated (or the ActiveEra storage at start) said it */
    activeEra: number | undefined
}

export function mapEraPaid(e: Event, ctx: BlockContext): void {
    const p = decodeEraPaid(item(e))
    ctx.clock.activeEra = p.era + 1
    ctx.rows.eraPaids.push(new EraPaid({
        ...ctx.fields(),
        id: ctx.rowId(e),
        era: p.era,
        validatorPayout: p.validatorPayout,
        remainder: p.remainder ?? undefined,
        eventIndex: e.index,
    }))
}

export function mapSessionRotated(e: Event, ctx: BlockContext): void {
    const s = decodeSessionRotated(item(e))
    ctx.clock.activeEra = s.activeEra
    ctx.rows.sessionRotations.push(new SessionRotation({
        ...ctx.fields(),
        id: ctx.rowId(e),
        startingSession: s.startingSession,
        activeEra: s.activeEra,
        plannedEra: s.plannedEra,
        eventIndex: e.index,
    }))
}
