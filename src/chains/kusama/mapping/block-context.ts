/** What every mapper of one block shares: the configuration, the era clock, the rows and the block's own fields. */
import type { Block as SdkBlock, Call as SdkCall, Event as SdkEvent } from '@subsquid/substrate-processor'
import { SubstrateChain } from '../../../model'
import type { DecodableItem } from '../decoding/errors'
import type { PoolAccounts } from '../pool'
import type { FIELDS } from '../processor'
import type { Rows } from './rows'
import type { EraClock } from './era-clock'

export type FieldsOf = typeof FIELDS
export type Block = SdkBlock<FieldsOf>
export type Event = SdkEvent<FieldsOf>
export type Call = SdkCall<FieldsOf>

export interface MappingConfig {
    chain: SubstrateChain
    pool: PoolAccounts
}

/** the columns every Kusama fact row carries about its block */
export interface BlockFields {
    chain: SubstrateChain
    blockHeight: number
    blockHash: string
    timestamp: Date
}

export interface BlockContext {
    /** the row id of an event or call of this block */
    rowId(x: { id: string }): string
    cfg: MappingConfig
    clock: EraClock
    rows: Rows
    block: Block
    fields(): BlockFields
}

export function blockContext(block: Block, cfg: MappingConfig, clock: EraClock, rows: Rows): BlockContext {
    const h = block.header
    return {
        rowId: x => rowIdOf(cfg.chain, x.id),
        cfg, clock, rows, block,
        fields: () => ({ chain: cfg.chain, blockHeight: h.height, blockHash: h.hash, timestamp: new Date(h.timestamp!) }),
    }
}

/**
 * A row's id: the SDK's event or call id, prefixed on Asset Hub. The two Kusama parts' heights overlap
 * (Asset Hub's 11,150,168 was a relay height in 2022) and the SDK's id keeps only five hex digits of the
 * block hash, so ids of the two parts could meet in one table; the prefix keeps them apart by
 * construction (SPEC §4.13: domain events stay unique). Relay ids are the SDK's, as they always were.
 */
export function rowIdOf(chain: SubstrateChain, sdkId: string): string {
    return chain === SubstrateChain.KUSAMA ? sdkId : `ah-${sdkId}`
}

/** SDK events and calls carry what the decoders need; the SDK's types just don't say so */
export function item(x: Event | Call): DecodableItem {
    return x as unknown as DecodableItem
}
