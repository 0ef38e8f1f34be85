import {sts, Result, Option, Bytes, BitSequence} from './support'

export interface ActiveEraInfo {
    index: EraIndex
    start?: (Moment | undefined)
}

export type Moment = bigint

export type EraIndex = number

export const ActiveEraInfo: sts.Type<ActiveEraInfo> = sts.struct(() => {
    return  {
        index: EraIndex,
        start: sts.option(() => Moment),
    }
})

export const Moment = sts.bigint()

export const LookupSource = sts.bytes()

export const EraIndex = sts.number()

export const Balance = sts.bigint()

export const AccountId = sts.bytes()
