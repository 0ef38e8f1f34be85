import { Field, Int, ObjectType } from 'type-graphql'

/** SPEC §4.14 as served: a report's reserves section (amounts in planck or share units, as decimal strings). */
@ObjectType()
export class ChunkView {
    @Field(() => Int, { nullable: true, description: 'unlock era (null: unknown, no era clock yet)' }) era?: number
    @Field() value!: string
}

@ObjectType()
export class AccountStorageView {
    @Field() free!: string
    @Field() reserved!: string
    @Field() frozen!: string
    @Field({ description: 'free + reserved' }) total!: string
    @Field({ description: 'Staking.Ledger active' }) active!: string
    @Field({ description: 'Staking.Ledger total' }) ledgerTotal!: string
    @Field(() => [ChunkView]) unlocking!: ChunkView[]
}

@ObjectType()
export class AccountEventsView {
    @Field() free!: string
    @Field() bonded!: string
    @Field() unbonding!: string
    @Field({ description: 'free + bonded + unbonding' }) total!: string
    @Field(() => [ChunkView]) unlocking!: ChunkView[]
}

@ObjectType()
export class AccountReservesView {
    @Field() account!: string
    @Field(() => AccountStorageView) storage!: AccountStorageView
    @Field(() => AccountEventsView) events!: AccountEventsView
    @Field(() => [String], { description: 'every figure where storage and events differ, in words (EVENTS_MATCH_STATE)' }) differences!: string[]
}

@ObjectType()
export class KusamaReservesView {
    @Field(() => Int) height!: number
    @Field() hash!: string
    @Field() timestamp!: Date
    @Field(() => [AccountReservesView]) accounts!: AccountReservesView[]
}

@ObjectType()
export class EthereumReservesView {
    @Field(() => Int) height!: number
    @Field() hash!: string
    @Field() timestamp!: Date
    @Field({ description: 'aKSMb totalSharesSupply() at the block' }) totalSharesSupply!: string
    @Field() claimedShares!: string
    @Field() burnedShares!: string
    @Field({ description: 'claims − burns, from the events' }) eventsShares!: string
}

@ObjectType()
export class LiabilitiesView {
    @Field({ description: 'toPlanck(max(P, 0))' }) pooledPlanck!: string
    @Field() pendingOwedPlanck!: string
    @Field() refundablePlanck!: string
    @Field() totalPlanck!: string
}

@ObjectType()
export class ReservesView {
    @Field(() => KusamaReservesView) kusama!: KusamaReservesView
    @Field(() => EthereumReservesView) ethereum!: EthereumReservesView
    @Field({ description: 'Σ free + reserved of the pool accounts, from storage' }) holdingsPlanck!: string
    @Field(() => LiabilitiesView) liabilities!: LiabilitiesView
    @Field() marginPlanck!: string
    @Field() feesAccruedPlanck!: string
    @Field() txFeesPaidPlanck!: string
    @Field() readingsDigest!: string
}

@ObjectType()
export class StorageKeyView {
    @Field() account!: string
    @Field() systemAccountKey!: string
    @Field({ nullable: true }) systemAccountValue?: string
    @Field() ledgerKey!: string
    @Field({ nullable: true }) ledgerValue?: string
}

@ObjectType()
export class KusamaProofView {
    @Field(() => Int) height!: number
    @Field() hash!: string
    @Field(() => Int) specVersion!: number
    @Field(() => [StorageKeyView], { description: 're-read with state_queryStorageAt(keys, hash) on any archive node' }) keys!: StorageKeyView[]
}

@ObjectType()
export class EthCallView {
    @Field() to!: string
    @Field() data!: string
    @Field() result!: string
}

@ObjectType()
export class EthereumProofView {
    @Field(() => Int) height!: number
    @Field() hash!: string
    @Field(() => [EthCallView], { description: 're-run with eth_call({to, data}, {blockHash: hash}) on any archive node' }) calls!: EthCallView[]
}

@ObjectType()
export class ProofOfReservesView {
    @Field() period!: string
    @Field() publishable!: boolean
    @Field(() => ReservesView) reserves!: ReservesView
    @Field(() => KusamaProofView) kusama!: KusamaProofView
    @Field(() => EthereumProofView) ethereum!: EthereumProofView
}

const chunks = (xs: any[]) => xs.map(c => ({ era: c.era ?? undefined, value: c.value }))

/** the section as the canonical report JSON holds it, with times as Dates */
export function reservesView(r: any): ReservesView {
    return {
        ...r,
        kusama: {
            ...r.kusama, timestamp: new Date(r.kusama.timestamp),
            accounts: r.kusama.accounts.map((a: any) => ({
                ...a, storage: { ...a.storage, unlocking: chunks(a.storage.unlocking) }, events: { ...a.events, unlocking: chunks(a.events.unlocking) },
            })),
        },
        ethereum: { ...r.ethereum, timestamp: new Date(r.ethereum.timestamp) },
    }
}
