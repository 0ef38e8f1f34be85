/**
 * System pallet calls `remark(remark: Bytes)` (every runtime; spec 2008 names the argument `_remark`,
 * which the SDK's JSON form also calls `remark`) and `remark_with_event(remark: Bytes)` (9100+): one
 * shape in every Kusama and Asset Hub runtime the project knows (test/notary/stakefi.test.ts), declared
 * here by hand: typegen would add nothing but this struct.
 */
import { CallType, sts } from '../types/support'
import { DecodableItem, unknownCall } from './errors'

export const REMARK_CALLS = ['System.remark', 'System.remark_with_event']

const SHAPES = REMARK_CALLS.map(name => new CallType(name, sts.struct({ remark: sts.bytes() })))

/** The remark bytes as lower-case 0x hex. */
export function decodeRemark(c: DecodableItem): { data: string } {
    for (const t of SHAPES) {
        if (t.is(c)) return { data: t.decode(c).remark.toLowerCase() }
    }
    return unknownCall(c)
}
