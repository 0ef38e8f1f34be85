/**
 * A stand-in for Kusama Asset Hub 2003000's metadata, which is on no npm package (@polkadot/types-support
 * 16.5.6, the newest, stops at 1009003): 1009003's metadata with the one event this project reads from
 * 2003000, Staking.ValidatorIncentivePaid {era, validator_stash, dest, amount} (pallet_staking_async,
 * `transfer_validator_incentive`), appended to Staking's event enum with field types taken from 1009003's
 * own EraPaid and Rewarded. Used only to test the hand-declared decoder against a runtime that has the event.
 */
import { Metadata, TypeRegistry } from '@polkadot/types'
import { metadataV14Hex } from '../../src/chains/kusama/metadata'

interface Field { name: string | null; type: number; typeName: string | null; docs: string[] }
interface Variant { name: string; fields: Field[]; index: number; docs: string[] }

export function assetHub2003000MetadataHex(): string {
    const source = new Metadata(new TypeRegistry(), metadataV14Hex(1009003) as `0x${string}`)
    const json = source.toJSON() as any
    const v14 = json.metadata.v14
    const staking = v14.pallets.find((p: { name: string }) => p.name === 'Staking')
    const events: Variant[] = v14.lookup.types.find((t: { id: number }) => t.id === staking.events.type).type.def.variant.variants
    const field = (variant: string, name: string) => events.find(v => v.name === variant)!.fields.find(f => f.name === name)!
    events.push({
        name: 'ValidatorIncentivePaid',
        index: Math.max(...events.map(v => v.index)) + 1,
        docs: [],
        fields: [
            { ...field('EraPaid', 'era_index'), name: 'era' },
            { ...field('Rewarded', 'stash'), name: 'validator_stash' },
            field('Rewarded', 'dest'),
            field('Rewarded', 'amount'),
        ],
    })
    return new Metadata(new TypeRegistry(), json).toHex()
}
